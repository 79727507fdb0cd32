package org.datarecall.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.datarecall.testing.SmtpServer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Behind HTTPS, as in production: every cookie of the staff pages is a {@code __Host-} cookie (Secure,
 * Path=/, no Domain), Quarkus's session cookie included, and a cookie of ours without the prefix — one a
 * sibling sub-domain or a plain-HTTP path could have planted — is not believed.
 */
@QuarkusTest
@TestProfile(HostOnlyCookiesTest.BehindHttps.class)
class HostOnlyCookiesTest {

    public static class BehindHttps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datarecall.dashboard.secure-cookies", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SmtpServer.class, Map.of(), true));
        }
    }

    /** Each Set-Cookie of an answer must be one of ours as a __Host- cookie. */
    private static void allHostOnly(Response r) {
        List<String> set = r.headers().getValues("Set-Cookie");
        assertThat(set).isNotEmpty();
        for (String cookie : set) {
            assertThat(cookie).as("Set-Cookie").startsWith("__Host-datarecall-").contains("; Secure")
                    .contains("Path=/").doesNotContainIgnoringCase("Domain=").doesNotContain("Path=/dashboard");
        }
    }

    private static String value(Response r, String name) {
        return r.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst().orElse(null);
    }

    @Test
    void the_staff_cookies_are_host_only_and_planted_ones_are_not_believed() {
        Response login = given().get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        allHostOnly(login);
        String csrf = value(login, "__Host-datarecall-csrf");
        assertThat(csrf).isNotBlank();

        // A CSRF cookie planted without the prefix is dropped: the sign-in form is refused.
        given().redirects().follow(false).contentType(ContentType.URLENC).header("Cookie", "datarecall-csrf=" + csrf)
                .queryParam("csrf", csrf).formParam("j_username", "manager").formParam("j_password", "manager")
                .post("/j_security_check").then().statusCode(403);

        Response signedIn = given().redirects().follow(false).contentType(ContentType.URLENC)
                .header("Cookie", "__Host-datarecall-csrf=" + csrf).queryParam("csrf", csrf)
                .formParam("j_username", "manager").formParam("j_password", "manager").post("/j_security_check");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        allHostOnly(signedIn);
        String session = value(signedIn, "__Host-datarecall-session");
        assertThat(session).isNotBlank();
        assertThat(signedIn.headers().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("__Host-datarecall-session=")
                && c.toLowerCase(java.util.Locale.ROOT).contains("httponly") && c.contains("SameSite=Strict"));

        // One hidden after a comma in another cookie (the JAX-RS parser splits there too) is dropped as well:
        // a page form with it and its own token is refused.
        String planted = "A".repeat(43);
        Response smuggled = given().redirects().follow(false).contentType(ContentType.URLENC)
                .header("Cookie", "__Host-datarecall-session=" + session + "; __Host-datarecall-csrf=" + csrf
                        + "; theme=dark,datarecall-csrf=" + planted)
                .formParam("csrf", planted).post("/dashboard/campaigns/" + java.util.UUID.randomUUID() + "/checkpoint");
        assertThat(smuggled.statusCode()).isEqualTo(403);

        // The prefixed session opens the pages; the same value under the plain name (planted) does not.
        given().redirects().follow(false).header("Cookie", "__Host-datarecall-session=" + session).get("/dashboard")
                .then().statusCode(200);
        given().redirects().follow(false).header("Cookie", "datarecall-session=" + session).get("/dashboard")
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/login"));
        // Nor does it reach the JSON API.
        given().redirects().follow(false).header("Cookie", "__Host-datarecall-session=" + session)
                .get("/api/v1/campaigns").then().statusCode(401);

        // An action's flash message and the sign-out's expired session are host-only too.
        String campaign = org.datarecall.testing.Api.createCampaign("Host-only cookies");
        Response acted = given().redirects().follow(false).contentType(ContentType.URLENC)
                .header("Cookie", "__Host-datarecall-session=" + session + "; __Host-datarecall-csrf=" + csrf)
                .formParam("csrf", csrf).post("/dashboard/campaigns/" + campaign + "/checkpoint");
        assertThat(acted.statusCode()).as(acted.asString()).isEqualTo(303);
        allHostOnly(acted);
        assertThat(value(acted, "__Host-datarecall-flash")).isNotBlank();
        Response out = given().redirects().follow(false).contentType(ContentType.URLENC)
                .header("Cookie", "__Host-datarecall-session=" + session + "; __Host-datarecall-csrf=" + csrf)
                .formParam("csrf", csrf).post("/logout");
        assertThat(out.statusCode()).isEqualTo(303);
        allHostOnly(out);
        assertThat(out.headers().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("__Host-datarecall-session=;")
                && c.contains("Max-Age=0"));
    }
}
