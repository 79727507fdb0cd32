package org.datarecall.portal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Rows;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The attestations table: insert-only, one per case and round. */
@ApplicationScoped
public class AttestationStore {

    private static final String COLUMNS = "id, case_id, campaign_id, round, link_id, received_at, late, canonical, "
            + "sha256, client_ip, user_agent";

    private static final Rows ROWS = new Rows("uuid", "uuid", "uuid", "int", "uuid", "timestamptz", "boolean", "text",
            "text", "text", "text");

    private static final Rows.Statement INSERT = ROWS.statement("INSERT INTO dr_attestation (" + COLUMNS
            + ") SELECT * FROM %s AS v(" + COLUMNS + ")");

    @Inject
    DataSource dataSource;

    /** Stores the attestations, one row or many in one statement. */
    public void insert(List<Attestation> list) {
        int n = list.size();
        if (n == 0) {
            return;
        }
        Object[][] columns = new Object[11][n];
        for (int i = 0; i < n; i++) {
            Attestation a = list.get(i);
            Object[] row = { a.id().toString(), a.caseId().toString(), a.campaignId().toString(), a.round(),
                    a.linkId().toString(), a.receivedAt().toString(), Boolean.toString(a.late()), a.canonical(),
                    a.sha256(), a.clientIp(), a.userAgent() };
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
        }
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(INSERT.sql(n))) {
            ROWS.bind(con, ps, 1, columns, n);
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw ProblemException.conflict("an attestation for this round has already been received");
            }
            throw new DatabaseException(e);
        }
    }

    public Optional<Attestation> forRound(UUID caseId, int round) {
        List<Attestation> found = query("SELECT " + COLUMNS + " FROM dr_attestation WHERE case_id = ? AND round = ?",
                caseId, round);
        return found.stream().findFirst();
    }

    /** Every attestation of a case, oldest first. */
    public List<Attestation> ofCase(UUID caseId) {
        return query("SELECT " + COLUMNS + " FROM dr_attestation WHERE case_id = ? ORDER BY round", caseId, null);
    }

    private List<Attestation> query(String sql, UUID caseId, Integer round) {
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, caseId);
            if (round != null) {
                ps.setInt(2, round);
            }
            List<Attestation> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Attestation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class), rs.getInt(4), rs.getObject(5, UUID.class),
                            SqlValues.instant(rs, "received_at"), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11)));
                }
            }
            return list;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
