package org.datarecall.platform.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.datarecall.testing.Api;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Every answer carries the headers that keep pages out of frames, sniffing and caches. */
@QuarkusTest
class SecurityHeadersTest {

    private static void hardened(Response r, String what) {
        assertThat(r.header("Content-Security-Policy")).as(what).contains("frame-ancestors 'none'")
                .contains("script-src 'none'").contains("object-src 'none'");
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
    }

    @Test
    void pages_of_staff_and_developers_are_framed_by_nobody_and_cached_by_nobody() {
        for (String path : new String[] { "/login", "/dashboard", "/attest/not-a-real-token" }) {
            Response r = given().redirects().follow(false).get(path);
            hardened(r, path);
            assertThat(r.header("Cache-Control")).as(path).contains("no-store");
        }
    }

    @Test
    void the_api_answers_carry_the_same_headers() {
        hardened(Api.manager().get("/api/v1/campaigns"), "the API");
        hardened(given().get("/api/v1/campaigns"), "a refused API call");
    }
}
