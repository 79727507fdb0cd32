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

import org.datarecall.platform.DatabaseException;
import org.datarecall.platform.ProblemException;
import org.datarecall.platform.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The attestations table: insert-only, one per case and round. */
@ApplicationScoped
public class AttestationStore {

    private static final String COLUMNS = "id, case_id, campaign_id, round, link_id, received_at, late, canonical, "
            + "sha256, client_ip, user_agent";

    @Inject
    DataSource dataSource;

    public void insert(Attestation a) {
        String sql = "INSERT INTO dr_attestation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, a.id());
            ps.setObject(2, a.caseId());
            ps.setObject(3, a.campaignId());
            ps.setInt(4, a.round());
            ps.setObject(5, a.linkId());
            SqlValues.setInstant(ps, 6, a.receivedAt());
            ps.setBoolean(7, a.late());
            ps.setString(8, a.canonical());
            ps.setString(9, a.sha256());
            ps.setString(10, a.clientIp());
            ps.setString(11, a.userAgent());
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
