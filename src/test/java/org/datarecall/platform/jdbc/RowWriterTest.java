package org.datarecall.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Every form of a statement (one row, a VALUES list, unnest arrays) writes the same rows. */
@QuarkusTest
class RowWriterTest {

    private record Row(UUID id, int n, long big, boolean flag, String body, Instant at) {
    }

    private static final RowWriter<Row> INSERT = RowWriter.of("INSERT INTO rows_test SELECT * FROM %s",
            Column.uuid("id", Row::id),
            Column.integer("n", Row::n),
            Column.bigint("big", Row::big),
            Column.bool("flag", Row::flag),
            Column.text("body", Row::body),
            Column.timestamptz("at", Row::at));

    @Inject
    DataSource dataSource;

    @Test
    void small_batches_bind_a_values_list_and_large_ones_arrays() {
        assertThat(INSERT.sql(2)).isEqualTo("INSERT INTO rows_test SELECT * FROM (VALUES "
                + "(?::uuid, ?::int, ?::bigint, ?::boolean, ?::text, ?::timestamptz), "
                + "(?::uuid, ?::int, ?::bigint, ?::boolean, ?::text, ?::timestamptz)) "
                + "AS v(id, n, big, flag, body, at)");
        assertThat(INSERT.sql(RowWriter.MAX_VALUES_ROWS + 1)).isEqualTo("INSERT INTO rows_test SELECT * FROM "
                + "unnest(?::uuid[], ?::int[], ?::bigint[], ?::boolean[], ?::text[], ?::timestamptz[]) "
                + "AS v(id, n, big, flag, body, at)");
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, RowWriter.MAX_VALUES_ROWS, RowWriter.MAX_VALUES_ROWS + 1, 300 })
    void writes_every_row_with_its_values(int count) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            // Quotes, backslashes, braces, commas and line breaks must come back as they went in.
            rows.add(new Row(UUID.fromString(String.format("00000000-0000-7000-8000-%012d", r)), r,
                    10_000_000_000L + r, r % 2 == 0,
                    r % 3 == 0 ? null : "row " + r + " \"quoted\", {braced} \\ back\nslash ' tick",
                    Instant.parse("2026-06-01T09:00:" + String.format("%02d", r % 60) + "Z")));
        }
        try (Connection con = dataSource.getConnection()) {
            try (Statement st = con.createStatement()) {
                st.execute("CREATE TEMP TABLE rows_test (id uuid, n int, big bigint, flag boolean, body text, "
                        + "at timestamptz)");
            }
            List<Row> stored = new ArrayList<>();
            try {
                assertThat(INSERT.write(con, rows)).isEqualTo(count);
                try (Statement st = con.createStatement();
                        ResultSet rs = st.executeQuery("SELECT id, n, big, flag, body, at FROM rows_test ORDER BY n")) {
                    while (rs.next()) {
                        stored.add(new Row(SqlValues.uuid(rs, "id"), rs.getInt("n"), rs.getLong("big"),
                                rs.getBoolean("flag"), rs.getString("body"), SqlValues.instant(rs, "at")));
                    }
                }
            } finally {
                try (Statement st = con.createStatement()) {
                    st.execute("DROP TABLE rows_test");
                }
            }
            assertThat(stored).containsExactlyElementsOf(rows);
        }
    }

    @Test
    void no_rows_write_nothing() throws Exception {
        try (Connection con = dataSource.getConnection()) {
            assertThat(INSERT.write(con, List.of())).isZero();
        }
    }
}
