package org.datarecall.portal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.jdbc.Column;
import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.RowWriter;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The attestations table: insert-only, one per case and round. */
@ApplicationScoped
public class AttestationStore {

    private static final String COLUMNS = "id, case_id, campaign_id, round, link_id, received_at, late, canonical, "
            + "sha256, client_ip, user_agent, deleted_at";

    private static final RowWriter<Attestation> INSERT = RowWriter.of(
            "INSERT INTO dr_attestation (" + COLUMNS + ") SELECT * FROM %s",
            Column.uuid("id", Attestation::id),
            Column.uuid("case_id", Attestation::caseId),
            Column.uuid("campaign_id", Attestation::campaignId),
            Column.integer("round", Attestation::round),
            Column.uuid("link_id", Attestation::linkId),
            Column.timestamptz("received_at", Attestation::receivedAt),
            Column.bool("late", Attestation::late),
            Column.text("canonical", Attestation::canonical),
            Column.text("sha256", Attestation::sha256),
            Column.text("client_ip", Attestation::clientIp),
            Column.text("user_agent", Attestation::userAgent),
            Column.timestamptz("deleted_at", Attestation::deletedAt));

    @Inject
    Jdbc jdbc;

    /** Stores the attestations, one row or many in one statement. */
    public void insert(List<Attestation> list) {
        if (list.isEmpty()) {
            return;
        }
        try {
            jdbc.withConnection(con -> INSERT.write(con, list));
        } catch (DatabaseException e) {
            if (e.getCause() instanceof SQLException cause && "23505".equals(cause.getSQLState())) {
                throw ProblemException.conflict("an attestation for this round has already been received");
            }
            throw e;
        }
    }

    public Optional<Attestation> forRound(UUID caseId, int round) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_attestation WHERE case_id = ? AND round = ?",
                AttestationStore::map, caseId, round);
    }

    /** Every attestation of a case, oldest first. */
    public List<Attestation> ofCase(UUID caseId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_attestation WHERE case_id = ? ORDER BY round",
                AttestationStore::map, caseId);
    }

    private static Attestation map(ResultSet rs) throws SQLException {
        return new Attestation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getInt(4), rs.getObject(5, UUID.class), SqlValues.instant(rs, "received_at"), rs.getBoolean(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                SqlValues.instant(rs, "deleted_at"));
    }
}
