package org.datarecall.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.datarecall.testing.OwnerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The role the service connects as (the injected DataSource) owns nothing and may only read and append
 * history: whoever takes over the service cannot switch the triggers off or rewrite what happened
 * (ADR 0010). Its privileges come from db/migration/afterMigrate.sql, which Flyway runs after every
 * migrate.
 */
@QuarkusTest
class RuntimeRoleTest {

    /** Read and append only. */
    static final List<String> HISTORY = List.of("dr_case_event", "dr_attestation", "dr_finding", "dr_checkpoint");

    /** The tables of the service's schema, by name (c is pg_class); conditions follow with AND. */
    static final String TABLES = "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace "
            + "AND c.relkind IN ('r', 'p') ";

    @Inject
    DataSource dataSource;

    /** The service's Flyway: it migrates as the owner. */
    @Inject
    Flyway flyway;

    @Test
    void the_service_does_not_connect_as_the_owner() throws Exception {
        assertThat(runtimeRole()).isNotEqualTo(OwnerDatabase.USER);
        assertThat(count("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                + "WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = current_user)")).as("role memberships")
                .isZero();
        assertThat(count("SELECT count(*) FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreatedb "
                + "OR rolcreaterole OR rolbypassrls OR rolreplication)")).as("role attributes").isZero();
    }

    @Test
    void it_owns_no_relation_routine_or_schema() throws Exception {
        assertThat(count("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) "
                + "AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'"))
                .as("relations").isZero();
        assertThat(count("SELECT count(*) FROM pg_proc WHERE proowner = (SELECT oid FROM pg_roles "
                + "WHERE rolname = current_user)")).as("routines").isZero();
        assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles "
                + "WHERE rolname = current_user) AND nspname NOT LIKE 'pg\\_temp\\_%' "
                + "AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'")).as("schemas").isZero();
    }

    @Test
    void it_cannot_switch_a_trigger_off_or_change_a_table() {
        refused("ALTER TABLE dr_case_event DISABLE TRIGGER dr_case_event_append_only", "must be owner");
        refused("ALTER TABLE dr_case_event DISABLE TRIGGER ALL", "must be owner");
        refused("ALTER TABLE dr_attestation DISABLE TRIGGER dr_attestation_append_only", "must be owner");
        refused("ALTER TABLE dr_case ADD COLUMN x integer", "must be owner");
        refused("DROP TABLE dr_case_event", "must be owner");
        refused("DROP TRIGGER dr_case_event_append_only ON dr_case_event", "must be owner");
        refused("CREATE TABLE public.dr_intruder (id integer)", "permission denied for schema public");
        refused("CREATE OR REPLACE FUNCTION dr_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RETURN NEW; END $$", "permission denied for schema public");
        refused("SET session_replication_role = replica", "permission denied");
    }

    @Test
    void it_can_neither_update_nor_delete_history() {
        for (String table : HISTORY) {
            refused("UPDATE " + table + " SET case_id = case_id WHERE false", "permission denied for table " + table);
            refused("DELETE FROM " + table + " WHERE false", "permission denied for table " + table);
        }
    }

    @Test
    void it_truncates_no_table() throws Exception {
        List<String> tables = strings(TABLES + "ORDER BY 1");
        assertThat(tables).contains("dr_case_event", "dr_case", "flyway_schema_history");
        for (String table : tables) {
            refused("TRUNCATE " + table, "permission denied for table " + table);
        }
    }

    @Test
    void it_reads_every_table_of_the_service_and_does_no_more_with_history_than_read_and_append() throws Exception {
        // A new table without its line in afterMigrate.sql fails here.
        assertThat(strings(TABLES + "AND c.relname LIKE 'dr\\_%' AND NOT has_table_privilege(current_user, c.oid, "
                + "'SELECT') ORDER BY 1")).as("dr_ tables the service cannot read").isEmpty();
        for (String table : HISTORY) {
            assertThat(strings("SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', "
                    + "'REFERENCES', 'TRIGGER']) p WHERE has_table_privilege(current_user, '" + table + "', p) "
                    + "ORDER BY 1")).as(table).containsExactly("INSERT", "SELECT");
            assertThat(count("SELECT count(*) FROM unnest(ARRAY['UPDATE', 'REFERENCES']) p "
                    + "WHERE has_any_column_privilege(current_user, '" + table + "', p)")).as(table + " columns")
                    .isZero();
        }
        assertThat(strings(TABLES + "AND (has_table_privilege(current_user, c.oid, 'TRUNCATE') "
                + "OR has_table_privilege(current_user, c.oid, 'TRIGGER') "
                + "OR has_table_privilege(current_user, c.oid, 'REFERENCES')) ORDER BY 1"))
                .as("tables the service may truncate, add triggers to or reference").isEmpty();
    }

    @Test
    void it_analyzes_the_platform_records_only_through_the_owners_procedure() throws Exception {
        assertThat(warnings("ANALYZE dr_access_record")).anyMatch(w -> w.contains("only table or database owner"));
        assertThat(warnings("CALL dr_analyze_platform_records('dr_access_record')")).isEmpty();
        assertThat(warnings("CALL dr_analyze_platform_records('dr_revocation')")).isEmpty();
        refused("CALL dr_analyze_platform_records('dr_case')", "not a table of platform records");
        refused("CALL dr_analyze_platform_records('dr_revocation; DROP TABLE dr_case')",
                "not a table of platform records");
        // Nobody else may run it; it runs with its own search path.
        assertThat(count("SELECT count(*) FROM pg_proc p, aclexplode(p.proacl) a "
                + "WHERE p.proname = 'dr_analyze_platform_records' AND a.grantee = 0")).as("EXECUTE granted to PUBLIC")
                .isZero();
        assertThat(count("SELECT count(*) FROM pg_proc WHERE proname = 'dr_analyze_platform_records' AND prosecdef "
                + "AND proconfig::text LIKE '%search_path=%'")).isOne();
    }

    @Test
    void the_grants_are_made_again_by_every_migrate() throws Exception {
        String role = runtimeRole();
        OwnerDatabase.execute("REVOKE SELECT ON dr_campaign FROM " + role,
                "GRANT UPDATE, TRUNCATE ON dr_case_event TO " + role);
        try {
            assertThat(count("SELECT count(*) WHERE has_table_privilege(current_user, 'dr_case_event', 'UPDATE')"))
                    .isOne();
        } finally {
            // Nothing is pending: only afterMigrate.sql runs.
            flyway.migrate();
        }
        assertThat(count("SELECT count(*) FROM dr_campaign WHERE false")).isZero();
        assertThat(count("SELECT count(*) WHERE has_table_privilege(current_user, 'dr_case_event', 'UPDATE') "
                + "OR has_table_privilege(current_user, 'dr_case_event', 'TRUNCATE')")).isZero();
    }

    private void refused(String sql, String message) {
        assertThatThrownBy(() -> {
            try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
                st.execute(sql);
            }
        }).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(message);
    }

    private List<String> warnings(String sql) throws SQLException {
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            st.execute(sql);
            List<String> found = new ArrayList<>();
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                found.add(w.getMessage());
            }
            return found;
        }
    }

    private String runtimeRole() throws SQLException {
        return strings("SELECT current_user").getFirst();
    }

    private long count(String sql) throws SQLException {
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
