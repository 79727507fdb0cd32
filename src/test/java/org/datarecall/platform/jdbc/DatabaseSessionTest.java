package org.datarecall.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The settings every session of the service runs with. */
@QuarkusTest
class DatabaseSessionTest {

    @Inject
    DataSource dataSource;

    @Test
    void sessions_run_without_query_jit() throws Exception {
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement();
                ResultSet rs = st.executeQuery("SHOW jit")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("off");
        }
    }
}
