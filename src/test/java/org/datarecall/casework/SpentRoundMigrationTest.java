package org.datarecall.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.datarecall.testing.OwnerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * V7 on a database written before it: a case waiting in a round that already holds an attestation has
 * spent that round — escalated after its last rejection, or already extended back into that round —
 * and only such cases. Runs the real migrations in a schema of its own, then drops it.
 */
@QuarkusTest
class SpentRoundMigrationTest {

    /** The service's own Flyway, for its configuration (the database plugins are registered through it). */
    @Inject
    Flyway flyway;

    @Test
    void v7_marks_the_rounds_that_already_hold_an_attestation() throws Exception {
        String schema = "v7_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            migrate(schema, "6");
            inSchema(schema, st -> {
                st.execute("INSERT INTO dr_campaign (id, title, data_categories, detected_at, policy, status, "
                        + "created_by, created_at) VALUES ('00000000-0000-7000-8000-000000000001', 'V7', "
                        + "'{names}', now(), '{}', 'ACTIVE', 'test', now())");
                caseIn(st, 1, "ESCALATED", 3, true);           // escalated after the last rejection
                caseIn(st, 2, "DELETION_REQUESTED", 3, true);  // extended back into that round: stuck
                caseIn(st, 3, "ESCALATED", 1, false);          // a silent developer: may still attest late
                caseIn(st, 4, "DELETION_REQUESTED", 2, false); // a new round, nothing received in it yet
                caseIn(st, 5, "ATTESTED", 1, true);            // waiting for the sweep, not for the developer
            });
            migrate(schema, "7");
            Map<Integer, Boolean> spent = new HashMap<>();
            inSchema(schema, st -> {
                try (ResultSet rs = st.executeQuery("SELECT developer_id, round_spent FROM dr_case")) {
                    while (rs.next()) {
                        spent.put(Integer.parseInt(rs.getString(1)), rs.getBoolean(2));
                    }
                }
            });
            assertThat(spent).containsExactlyInAnyOrderEntriesOf(Map.of(1, true, 2, true, 3, false, 4, false,
                    5, false));
        } finally {
            OwnerDatabase.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A case in a state and round; with {@code attested}, an attestation of that round is stored. */
    private static void caseIn(Statement st, int n, String state, int round, boolean attested) throws Exception {
        String id = "00000000-0000-7000-8000-00000000010" + n;
        st.execute("INSERT INTO dr_case (id, campaign_id, developer_id, name, email, risk_tier, state, round, "
                + "state_since, version, event_count, last_event_hash, created_at, updated_at) VALUES ('" + id
                + "', '00000000-0000-7000-8000-000000000001', '" + n + "', 'Dev', 'dev@example.com', 'STANDARD', '"
                + state + "', " + round + ", now(), 1, 1, sha256('x'::bytea), now(), now())");
        if (attested) {
            String link = "00000000-0000-7000-8000-00000000020" + n;
            st.execute("INSERT INTO dr_token (id, token_hash, case_id, round, created_at, expires_at) VALUES ('"
                    + link + "', sha256('" + link + "'::bytea), '" + id + "', " + round + ", now(), now())");
            st.execute("INSERT INTO dr_attestation (id, case_id, campaign_id, round, link_id, received_at, late, "
                    + "canonical, sha256) VALUES ('00000000-0000-7000-8000-00000000030" + n + "', '" + id
                    + "', '00000000-0000-7000-8000-000000000001', " + round + ", '" + link + "', now(), false, "
                    + "'{}', '" + "0".repeat(64) + "')");
        }
    }

    private void migrate(String schema, String target) {
        // Without afterMigrate.sql: it grants on the service's schema, which holds every table.
        Flyway.configure().configuration(flyway.getConfiguration()).schemas(schema).defaultSchema(schema)
                .target(target).skipDefaultCallbacks(true).load().migrate();
    }

    /** Work in the scratch schema, as its owner (the service's role may not use a schema it was not given). */
    private static void inSchema(String schema, SqlWork work) throws Exception {
        try (Connection con = OwnerDatabase.connect(); Statement st = con.createStatement()) {
            st.execute("SET search_path TO " + schema);
            work.run(st);
        }
    }

    private interface SqlWork {
        void run(Statement st) throws Exception;
    }
}
