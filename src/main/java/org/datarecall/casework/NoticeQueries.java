package org.datarecall.casework;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.platform.DatabaseException;
import org.datarecall.platform.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads the outbox rows of a case. */
@ApplicationScoped
public class NoticeQueries {

    @Inject
    DataSource dataSource;

    public List<NoticeView> ofCase(UUID caseId) {
        String sql = "SELECT id, kind, status, created_at FROM dr_notice WHERE case_id = ? ORDER BY id";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, caseId);
            List<NoticeView> notices = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notices.add(new NoticeView(SqlValues.uuid(rs, "id"), rs.getString("kind"), rs.getString("status"),
                            SqlValues.instant(rs, "created_at")));
                }
            }
            return notices;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
