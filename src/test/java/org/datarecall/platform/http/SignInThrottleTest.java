package org.datarecall.platform.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.datarecall.testing.ClockedTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** Guessing staff passwords: after three failures in the window, the API answers 429 and the form says to wait. */
@QuarkusTest
@TestProfile(SignInThrottleTest.ThreeTries.class)
class SignInThrottleTest extends ClockedTest {

    public static class ThreeTries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datarecall.sign-in.max-failures", "3", "datarecall.sign-in.failure-window", "PT15M");
        }
    }

    @Inject
    DataSource dataSource;

    @BeforeEach
    void forget() throws Exception {
        try (var con = dataSource.getConnection(); var st = con.createStatement()) {
            st.execute("DELETE FROM dr_sign_in_failure");
        }
    }

    private static int api(String user, String password) {
        return given().auth().preemptive().basic(user, password).get("/api/v1/campaigns").statusCode();
    }

    @Test
    void a_user_that_keeps_failing_is_refused_with_429_until_the_window_ends_and_the_log_never_holds_the_password() {
        List<String> logged = new ArrayList<>();
        Logger log = Logger.getLogger(SignInThrottle.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (logged) {
                    // The records are printf-style (%s, %d): rendered, so the test reads what the log shows.
                    logged.add(String.format(r.getMessage(), r.getParameters() == null ? new Object[0]
                            : r.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            assertThat(api("manager", "guess-1")).isEqualTo(401);
            assertThat(api("manager", "guess-2")).isEqualTo(401);
            assertThat(api("manager", "guess-3")).isEqualTo(401);
            // The right password does not help now.
            Response refused = given().auth().preemptive().basic("manager", "manager").get("/api/v1/campaigns");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(800L, 900L);
            // The address failed three times too: another user from it waits as well.
            assertThat(api("viewer", "viewer")).isEqualTo(429);

            clock.advance(Duration.ofMinutes(16));
            assertThat(api("manager", "manager")).isEqualTo(200);
        } finally {
            log.removeHandler(capture);
        }
        assertThat(logged).anyMatch(l -> l.contains("user:manager") && l.contains("failed"))
                .anyMatch(l -> l.contains("refused")).noneMatch(l -> l.contains("guess-"));
    }

    @Test
    void the_sign_in_form_says_how_long_to_wait_after_too_many_failures() {
        for (int i = 0; i < 3; i++) {
            Response wrong = org.datarecall.testing.StaffSession.signInForm()
                    .formParam("j_username", "auditor").formParam("j_password", "wrong-" + i).post("/j_security_check");
            assertThat(wrong.statusCode()).isEqualTo(303);
            assertThat(wrong.header("Location")).contains("/login?failed=true").doesNotContain("wait=");
        }
        Response refused = org.datarecall.testing.StaffSession.signInForm()
                .formParam("j_username", "auditor").formParam("j_password", "auditor").post("/j_security_check");
        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(refused.cookie("datarecall-session")).isNull();
        assertThat(refused.header("Location")).contains("wait=15");
        String page = given().get(refused.header("Location").replaceFirst("^https?://[^/]+", "")).then().statusCode(429)
                .extract().asString();
        assertThat(page).contains("id=\"sign-in-refused\"").contains("Try again in 15 minutes");

        clock.advance(Duration.ofMinutes(16));
        Response signedIn = org.datarecall.testing.StaffSession.signInForm()
                .formParam("j_username", "auditor").formParam("j_password", "auditor").post("/j_security_check");
        assertThat(signedIn.cookie("datarecall-session")).isNotNull();
    }
}
