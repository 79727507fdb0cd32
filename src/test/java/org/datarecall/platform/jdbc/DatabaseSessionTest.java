package org.datarecall.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.testing.OwnerDatabase;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The settings every session of the service runs with, and what the schema refuses whoever writes. */
@QuarkusTest
class DatabaseSessionTest {

    @Inject
    DataSource dataSource;

    @Test
    void sessions_run_without_query_jit() throws Exception {
        assertThat(show("jit")).isEqualTo("off");
    }

    /** A statement that runs away, or waits on a lock without end, is cancelled instead of holding a connection. */
    @Test
    void sessions_have_a_statement_and_a_lock_timeout() throws Exception {
        assertThat(show("statement_timeout")).isEqualTo("1min");
        assertThat(show("lock_timeout")).isEqualTo("10s");
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            st.execute("SET statement_timeout = '200ms'");
            assertThatThrownBy(() -> st.execute("SELECT pg_sleep(2)")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            // Back to the pool as it came out (RESET would give the server's default, no limit at all).
            st.execute("SET statement_timeout = '1min'");
        }
    }

    /** Imports, checks and exports lift the statement limit for their own transaction only. */
    @Test
    void long_work_lifts_the_limit_for_its_transaction_only() throws Exception {
        String[] inside = new String[2];
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection con = dataSource.getConnection()) {
                Jdbc.longWork(con);
                inside[0] = show(con, "statement_timeout");
                inside[1] = show(con, "work_mem");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside).containsExactly("1h", "256MB");
        assertThat(show("statement_timeout")).isEqualTo("1min");
    }

    /** Even the schema's owner cannot write an event of a case that does not exist. */
    @Test
    void an_event_needs_its_case() throws Exception {
        try (Connection con = OwnerDatabase.connect(); Statement st = con.createStatement()) {
            String campaign = UUID.randomUUID().toString();
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO dr_case_event (campaign_id, case_id, seq, type, "
                    + "from_state, to_state, actor, at, data, prev_hash, hash) VALUES ('" + campaign + "', '"
                    + UUID.randomUUID() + "', 1, 'IMPORTED', NULL, 'PENDING', 'x', now(), '{}', "
                    + "decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"));
        }
    }

    /** The case search reads the trigram index, so a search that matches nothing does not read every case. */
    @Test
    void the_case_search_uses_its_trigram_index() throws Exception {
        assertThat(plan("SELECT id FROM dr_case WHERE (developer_id || E'\\x01' || name || E'\\x01' || email) "
                + "ILIKE '%nothing-like-this%'")).contains("dr_case_search_idx");
    }

    /** A page of the auditors' queue is a range of its partial index, however many cases there are. */
    @Test
    void the_audit_queue_reads_its_partial_index() throws Exception {
        assertThat(plan("SELECT id FROM dr_case WHERE state = 'AUDIT_PENDING' AND (state_since, id) > "
                + "('2026-01-01T00:00:00Z'::timestamptz, '00000000-0000-0000-0000-000000000000'::uuid) "
                + "ORDER BY state_since, id LIMIT 51")).contains("dr_case_audit_queue_idx");
    }

    /** The plan PostgreSQL chooses when it may not read the whole table. */
    private String plan(String query) throws SQLException {
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            st.execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN " + query)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            } finally {
                st.execute("RESET enable_seqscan");
            }
            return plan.toString();
        }
    }

    private String show(String setting) throws SQLException {
        try (Connection con = dataSource.getConnection()) {
            return show(con, setting);
        }
    }

    private static String show(Connection con, String setting) throws SQLException {
        try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
