package org.datarecall.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datarecall.portal.PortalFixture.launched;
import static org.datarecall.portal.PortalFixture.tokenFrom;
import static org.datarecall.portal.PortalFixture.validAttestation;
import static org.datarecall.testing.Api.caseOf;
import static org.datarecall.testing.Api.manager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.datarecall.link.DeveloperLinks;
import org.datarecall.testing.SmtpServer;
import org.datarecall.testing.Sql;
import org.datarecall.testing.WorkflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** Attestations written together in one transaction each get their own answer, row, event and receipt. */
@QuarkusTest
@QuarkusTestResource(value = SmtpServer.class, restrictToAnnotatedClass = true)
class AttestationGroupTest extends WorkflowTest {

    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    @Inject
    AttestationBatch batch;

    @Inject
    ObjectMapper mapper;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void start() {
        clock.set(T0);
    }

    @Test
    void one_group_accepts_the_good_submissions_and_answers_each_refusal_on_its_own() throws Exception {
        String campaign = launched(sweep, sender, "one group", PortalTest.NO_AUDIT, "dev-1,Dev One,one@example.com,,,",
                "dev-2,Dev Two,two@example.com,,,", "dev-3,Dev Three,three@example.com,,,");
        Map<String, String> caseIds = new HashMap<>();
        Map<String, byte[]> token = new HashMap<>();
        Map<String, Map<String, Object>> signed = new HashMap<>();
        for (String dev : List.of("dev-1", "dev-2", "dev-3")) {
            caseIds.put(dev, caseOf(campaign, dev));
            String link = tokenFrom(caseIds.get(dev), "DELETION_REQUEST");
            token.put(dev, DeveloperLinks.sha256(link));
            signed.put(dev, PortalFixture.signed(link, validAttestation()));
        }
        Map<String, Object> notAgreed = new HashMap<>(signed.get("dev-2"));
        notAgreed.put("agreed", false);
        AttestationService.Origin origin = new AttestationService.Origin("192.0.2.7", "group test");
        byte[] forged = DeveloperLinks.sha256("A".repeat(43));
        List<AttestationBatch.Outcome> outcomes = batch.write(List.of(
                new AttestationBatch.Submission(token.get("dev-1"), request(signed.get("dev-1")), origin),
                new AttestationBatch.Submission(token.get("dev-1"), request(signed.get("dev-1")), origin),
                new AttestationBatch.Submission(token.get("dev-2"), request(notAgreed), origin),
                new AttestationBatch.Submission(token.get("dev-3"), request(signed.get("dev-3")), origin),
                new AttestationBatch.Submission(forged, request(validAttestation()), origin)));

        assertThat(outcomes).hasSize(5);
        assertThat(outcomes.get(0).accepted().caseId()).hasToString(caseIds.get("dev-1"));
        assertThat(outcomes.get(1).refused().status()).isEqualTo(409);
        assertThat(outcomes.get(1).refused().detail()).contains("already received");
        assertThat(outcomes.get(2).refused().status()).isEqualTo(400);
        assertThat(outcomes.get(2).refused().violationsByField(f -> f)).containsKey("agreed");
        assertThat(outcomes.get(3).accepted().caseId()).hasToString(caseIds.get("dev-3"));
        assertThat(outcomes.get(4).noWorkingLink()).isTrue();
        assertThat(outcomes.get(4).refused().status()).isEqualTo(401);

        for (String dev : List.of("dev-1", "dev-3")) {
            assertThat(state(caseIds.get(dev))).isEqualTo("ATTESTED");
            assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", caseIds.get(dev))).isOne();
            assertThat(count("SELECT count(*) FROM dr_notice WHERE case_id = ? AND kind = 'ATTESTATION_RECEIPT'",
                    caseIds.get(dev))).isOne();
        }
        assertThat(state(caseIds.get("dev-2"))).isEqualTo("DELETION_REQUESTED");
        assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", caseIds.get("dev-2"))).isZero();
        assertThat(count("SELECT count(*) FROM dr_case_event WHERE case_id = ? AND type = 'ATTESTATION_RECEIVED'",
                caseIds.get("dev-2"))).isZero();
    }

    @Test
    void many_developers_attesting_at_once_are_each_answered_and_recorded() throws Exception {
        int developers = 30;
        String[] rows = new String[developers];
        for (int i = 0; i < developers; i++) {
            rows[i] = "dev-" + i + ",Dev " + i + ",dev" + i + "@example.com,,,";
        }
        String campaign = launched(sweep, sender, "many at once", PortalTest.NO_AUDIT, rows);
        List<String> caseIds = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < developers; i++) {
            caseIds.add(caseOf(campaign, "dev-" + i));
            tokens.add(tokenFrom(caseIds.get(i), "DELETION_REQUEST"));
        }
        Map<String, Object> notAgreed = validAttestation();
        notAgreed.put("agreed", false);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Response> valid = new ArrayList<>();
        List<Response> invalid = new ArrayList<>();
        try {
            // Every developer sends a wrong attestation and a right one, all at once.
            List<Callable<Response>> calls = new ArrayList<>();
            for (String token : tokens) {
                calls.add(() -> PortalFixture.submit(token, notAgreed));
                calls.add(() -> PortalFixture.submit(token, validAttestation()));
            }
            List<Future<Response>> answers = pool.invokeAll(calls);
            for (int i = 0; i < answers.size(); i++) {
                (i % 2 == 0 ? invalid : valid).add(answers.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(invalid).allSatisfy(r -> assertThat(r.statusCode()).isIn(400, 409));
        assertThat(valid).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < developers; i++) {
            String attestationId = valid.get(i).path("attestationId");
            ids.add(attestationId);
            String caseId = caseIds.get(i);
            assertThat(state(caseId)).isEqualTo("ATTESTED");
            assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ? AND id = '" + UUID.fromString(
                    attestationId) + "'", caseId)).isOne();
            assertThat(count("SELECT count(*) FROM dr_attestation WHERE case_id = ?", caseId)).isOne();
            assertThat(count("SELECT count(*) FROM dr_case_event WHERE case_id = ? AND type = 'ATTESTATION_RECEIVED'",
                    caseId)).isOne();
            assertThat(count("SELECT count(*) FROM dr_notice WHERE case_id = ? AND kind = 'ATTESTATION_RECEIPT'",
                    caseId)).isOne();
        }
        assertThat(ids).hasSize(developers);
    }

    private AttestationRequest request(Map<String, Object> body) {
        return mapper.convertValue(body, AttestationRequest.class);
    }

    private static String state(String caseId) {
        return manager().get("/api/v1/cases/{id}", caseId).then().statusCode(200).extract().path("state");
    }

    private long count(String sql, String caseId) {
        return Sql.count(dataSource, sql, UUID.fromString(caseId));
    }
}
