package org.datarecall.platform.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.testing.Api.manager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The access log, when an operator turns it on: a line per API request with its status and request id,
 * never a query string (a search may hold a developer's name) and never a request to a developer's link.
 */
@QuarkusTest
@TestProfile(AccessLogTest.On.class)
class AccessLogTest {

    static final Path DIRECTORY = Path.of("target", "access-log-test");

    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(DIRECTORY);
                Files.deleteIfExists(DIRECTORY.resolve("access.log"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("quarkus.http.access-log.enabled", "true",
                    // The same lines, to a file this test can read.
                    "quarkus.http.access-log.log-to-file", "true",
                    "quarkus.http.access-log.log-directory", DIRECTORY.toString(),
                    "quarkus.http.access-log.base-file-name", "access");
        }
    }

    @Test
    void api_requests_are_logged_without_their_query_and_developer_links_not_at_all() throws Exception {
        manager().header("X-Request-Id", "access-log-test-1").queryParam("q", "Jane Doe").queryParam("limit", 5)
                .get("/api/v1/campaigns").then().statusCode(200);
        given().get("/attest/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").then().statusCode(401);
        manager().header("X-Request-Id", "access-log-test-2").get("/api/v1/audit-queue").then().statusCode(200);

        Path log = DIRECTORY.resolve("access.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            if (lines.stream().anyMatch(l -> l.contains("access-log-test-2"))) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(lines).anyMatch(l -> l.matches(".*\"GET /api/v1/campaigns\" 200 \\d+ \\d+ ms access-log-test-1"));
        assertThat(lines).noneMatch(l -> l.contains("Jane") || l.contains("q=") || l.contains("limit="));
        assertThat(lines).noneMatch(l -> l.contains("/attest/"));
    }
}
