package org.datarecall.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Every form of a statement (one row, a VALUES list, unnest arrays) writes the same rows. */
@QuarkusTest
class RowsTest {

    private static final Rows ROWS = new Rows("uuid", "int", "bigint", "boolean", "text", "timestamptz");
    private static final Rows.Statement INSERT = ROWS.statement(
            "INSERT INTO rows_test SELECT * FROM %s AS v(id, n, big, flag, body, at)");

    @Inject
    DataSource dataSource;

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, Rows.MAX_VALUES_ROWS, Rows.MAX_VALUES_ROWS + 1, 300 })
    void writes_every_row_with_its_values(int rows) throws Exception {
        Object[][] columns = new Object[6][rows];
        for (int r = 0; r < rows; r++) {
            columns[0][r] = String.format("00000000-0000-7000-8000-%012d", r);
            columns[1][r] = r;
            columns[2][r] = 10_000_000_000L + r;
            columns[3][r] = Boolean.toString(r % 2 == 0);
            // Quotes, backslashes, braces, commas and line breaks must come back as they went in.
            columns[4][r] = r % 3 == 0 ? null : "row " + r + " \"quoted\", {braced} \\ back\nslash ' tick";
            columns[5][r] = "2026-06-01T09:00:" + String.format("%02d", r % 60) + "Z";
        }
        try (Connection con = dataSource.getConnection()) {
            try (Statement st = con.createStatement()) {
                st.execute("CREATE TEMP TABLE rows_test (id uuid, n int, big bigint, flag boolean, body text, "
                        + "at timestamptz)");
            }
            try (PreparedStatement ps = con.prepareStatement(INSERT.sql(rows))) {
                ROWS.bind(con, ps, 1, columns, rows);
                assertThat(ps.executeUpdate()).isEqualTo(rows);
            }
            List<List<Object>> stored = new ArrayList<>();
            try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT id::text, n, big, flag::text, body, to_char(at AT TIME ZONE 'UTC', "
                            + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM rows_test ORDER BY n")) {
                while (rs.next()) {
                    stored.add(java.util.Arrays.asList(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            } finally {
                try (Statement st = con.createStatement()) {
                    st.execute("DROP TABLE rows_test");
                }
            }
            assertThat(stored).hasSize(rows);
            for (int r = 0; r < rows; r++) {
                assertThat(stored.get(r)).containsExactly(columns[0][r], r, 10_000_000_000L + r, columns[3][r],
                        columns[4][r], columns[5][r]);
            }
        }
    }
}
