package org.datarecall.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.askForCode;
import static org.datarecall.portal.PortalFixture.codeMailed;
import static org.datarecall.portal.PortalFixture.submit;
import static org.datarecall.portal.PortalFixture.validAttestation;
import static org.datarecall.testing.Api.manager;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.datarecall.notice.SignatoryCodeMail;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** The signatory proves its mailbox with a mailed code: right, wrong, late, used up, for another address. */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class SignatoryCodeTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    static final String SIGNER = "dpo@developer.example";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void start() {
        clock.set(T0);
    }

    private String[] caseAndToken(String title) throws Exception {
        PortalFixture.OneCase one = PortalFixture.oneCase(sweep, sender, title);
        return new String[] { one.caseId(), one.token() };
    }

    private static Map<String, Object> withCode(String code) {
        Map<String, Object> a = new HashMap<>(validAttestation());
        a.put("signatoryCode", code);
        return a;
    }

    private static void codeRefused(Response r, String message) {
        r.then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains("signatoryCode")).body("violations.message", contains(message));
    }

    @Test
    void the_right_code_signs_and_the_verification_is_recorded_while_the_code_is_stored_and_logged_nowhere()
            throws Exception {
        String[] c = caseAndToken("code happy path");
        List<String> logged = new ArrayList<>();
        Runnable stopLogging = captureLogs(logged);
        String code;
        try {
            askForCode(c[1], " " + SIGNER + " ").then().statusCode(202).body("signatoryEmail", equalTo(SIGNER))
                    .body("expiresAt", equalTo("2026-06-01T09:15:00Z"));
            code = codeMailed(c[0]);
            var mail = SmtpServer.receivedFor(c[0]).stream()
                    .filter(m -> "SIGNATORY_CODE".equals(SmtpServer.header(m, "X-DataRecall-Notice"))).toList().getLast();
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(SIGNER);
            assertThat(SmtpServer.html(mail)).contains(code);

            clock.advance(Duration.ofMinutes(14));
            submit(c[1], withCode(code)).then().statusCode(201);
        } finally {
            stopLogging.run();
        }

        Response stored = manager().get("/api/v1/cases/{id}/attestations", c[0]);
        stored.then().body("items[0].attestation.signatoryVerification", equalTo("EMAIL_CODE"))
                .body("items[0].attestation.signatoryVerifiedAt", equalTo("2026-06-01T09:14:00Z"))
                .body("items[0].attestation.authority", equalTo(validAttestation().get("authority")))
                .body("items[0].attestation.declarationSha256",
                        equalTo(PortalTest.sha256(SignatoryDeclaration.TEXT)));
        assertThat((String) stored.path("items[0].canonical")).doesNotContain(code);
        assertThat(count("SELECT count(*) FROM dr_signatory_code WHERE case_id = ? AND used_at IS NOT NULL", c[0]))
                .isOne();

        // The outbox keeps the mail as sent, with the code withheld; no table holds the code in clear.
        assertThat(count("SELECT count(*) FROM dr_notice WHERE case_id = ? AND kind = 'SIGNATORY_CODE' "
                + "AND status = 'SENT' AND body_text LIKE '%" + SignatoryCodeMail.WITHHELD + "%'", c[0])).isOne();
        assertThat(count("SELECT count(*) FROM dr_notice WHERE case_id = ? AND (body_text LIKE '%" + code
                + "%' OR body_html LIKE '%" + code + "%' OR subject LIKE '%" + code + "%')", c[0])).isZero();
        assertThat(count("SELECT count(*) FROM dr_signatory_code WHERE case_id = ? AND (email LIKE '%" + code
                + "%' OR encode(code_hmac, 'escape') LIKE '%" + code + "%')", c[0])).isZero();
        // The code is never sent again with the case's mail.
        manager().post("/api/v1/cases/{id}/actions/resend-notice", c[0]).then().statusCode(200);
        assertThat(count("SELECT count(*) FROM dr_notice WHERE case_id = ? AND kind = 'SIGNATORY_CODE'", c[0])).isOne();

        assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(code));
    }

    /**
     * Every log record of the service (at every level) and of the mail client (at the levels the service
     * lets it log, see application.properties) while it runs, kept out of the console.
     */
    private static Runnable captureLogs(List<String> lines) {
        List<Logger> loggers = List.of(Logger.getLogger("org.datarecall"), Logger.getLogger("org.eclipse.angus.mail"),
                Logger.getLogger("jakarta.mail"));
        List<Level> capture = List.of(Level.ALL, Level.INFO, Level.INFO);
        List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (lines) {
                    lines.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                            + (r.getThrown() == null ? "" : " " + r.getThrown()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        for (int i = 0; i < loggers.size(); i++) {
            Logger l = loggers.get(i);
            l.setLevel(capture.get(i));
            l.setUseParentHandlers(false);
            l.addHandler(handler);
        }
        Logger.getLogger("org.datarecall").info("capturing");
        return () -> {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).removeHandler(handler);
                loggers.get(i).setUseParentHandlers(true);
                loggers.get(i).setLevel(levels.get(i));
            }
        };
    }

    @Test
    void a_wrong_code_is_counted_and_after_five_the_code_is_spent() throws Exception {
        String[] c = caseAndToken("code tries");
        askForCode(c[1], SIGNER).then().statusCode(202);
        String code = codeMailed(c[0]);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 1; i <= 5; i++) {
            codeRefused(submit(c[1], withCode(i == 3 ? "12ab" : wrong)), "wrong code");
            assertThat(count("SELECT failures FROM dr_signatory_code WHERE case_id = ?", c[0])).isEqualTo(i);
        }
        // The sixth try, even with the right code.
        codeRefused(submit(c[1], withCode(code)), "this code was mistyped 5 times; ask for a new code");
        assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", c[0])).isZero();
        manager().get("/api/v1/cases/{id}", c[0]).then().body("state", equalTo("DELETION_REQUESTED"));

        // A new code works again (once 30 seconds have passed since the last one).
        askForCode(c[1], SIGNER).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", "30");
        clock.advance(Duration.ofSeconds(30));
        askForCode(c[1], SIGNER).then().statusCode(202);
        String fresh = codeMailed(c[0]);
        if (!fresh.equals(code)) {
            codeRefused(submit(c[1], withCode(code)), "wrong code");
        }
        submit(c[1], withCode(fresh)).then().statusCode(201);
    }

    @Test
    void an_expired_code_a_code_for_another_address_and_no_code_are_refused() throws Exception {
        String[] c = caseAndToken("code refusals");
        codeRefused(submit(c[1], withCode("123456")), "ask for a code first: it is mailed to the signatory's address");
        codeRefused(submit(c[1], withCode(" ")), "is required: ask for a code, it is mailed to the signatory's address");

        askForCode(c[1], "someone.else@developer.example").then().statusCode(202);
        String other = codeMailed(c[0]);
        codeRefused(submit(c[1], withCode(other)), "this code was sent to another address than the signatory's email");
        assertThat(count("SELECT failures FROM dr_signatory_code WHERE case_id = ?", c[0])).isOne();

        clock.advance(Duration.ofSeconds(31));
        askForCode(c[1], SIGNER.toUpperCase()).then().statusCode(202);
        String code = codeMailed(c[0]);
        clock.advance(Duration.ofMinutes(15));
        codeRefused(submit(c[1], withCode(code)), "this code has expired; ask for a new code");
        assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", c[0])).isZero();

        // Asking: an address is required and must be one; a link that does not work is a 401.
        askForCode(c[1], "not-an-address").then().statusCode(400).body("violations.field", contains("signatoryEmail"));
        PortalFixture.developer(c[1]).contentType("application/json").body("{}").post("/api/v1/portal/signatory-code")
                .then().statusCode(400).body("violations.field", contains("signatoryEmail"));
        askForCode("A".repeat(43), SIGNER).then().statusCode(401);
        limiter.forgetAll();
    }

    @Test
    void a_relay_that_does_not_take_the_code_is_a_503_and_leaves_nothing_behind() throws Exception {
        String[] c = caseAndToken("code relay down");
        SmtpServer.down();
        try {
            askForCode(c[1], SIGNER).then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("urn:datarecall:problem:mail-unavailable"));
        } finally {
            SmtpServer.restart();
        }
        assertThat(count("SELECT count(*) FROM dr_signatory_code WHERE case_id = ?", c[0])).isZero();
        assertThat(count("SELECT count(*) FROM dr_notice WHERE case_id = ? AND kind = 'SIGNATORY_CODE'", c[0])).isZero();
        // Not mailed, so not counted against the 30 seconds between codes.
        askForCode(c[1], SIGNER).then().statusCode(202);
        submit(c[1], withCode(codeMailed(c[0]))).then().statusCode(201);
    }

    private long count(String sql, String id) {
        return Sql.count(dataSource, sql, UUID.fromString(id));
    }
}
