package org.datarecall.pack;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.datarecall.campaign.Campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code certificates/<caseId>.pdf}: one certificate per case, read from one cursor that gathers each
 * case's events, attestations and findings in the database. Rendering is the slow part of a pack
 * (PDF, not SQL), which is why a campaign pack may leave the certificates out.
 */
@ApplicationScoped
public class Certificates {

    private static final String CASES = """
            SELECT c.id, c.developer_id, c.name, c.email, c.risk_tier, c.state, c.round, c.verification_basis,
                   (SELECT json_agg(json_build_object('seq', e.seq, 'type', e.type, 'from', e.from_state,
                                    'to', e.to_state, 'actor', e.actor, 'at', dr_instant_text(e.at),
                                    'data', e.data, 'hash', encode(e.hash, 'hex')) ORDER BY e.seq)
                    FROM dr_case_event e WHERE e.campaign_id = c.campaign_id AND e.case_id = c.id) AS events,
                   (SELECT json_agg(json_build_object('id', a.id, 'round', a.round,
                                    'receivedAt', dr_instant_text(a.received_at), 'late', a.late,
                                    'sha256', a.sha256, 'canonical', a.canonical) ORDER BY a.round)
                    FROM dr_attestation a WHERE a.case_id = c.id) AS attestations,
                   (SELECT json_agg(json_build_object('kind', f.kind, 'foundAt', dr_instant_text(f.found_at))
                                    ORDER BY f.kind)
                    FROM dr_finding f WHERE f.case_id = c.id) AS findings
            FROM dr_case c
            WHERE c.campaign_id = ? FILTER
            ORDER BY c.id
            """;

    @Inject
    ObjectMapper mapper;

    void write(Connection con, EvidencePack.Scope scope, Campaign campaign, PackCheckpoints.Latest checkpoint,
            PackZip zip) throws SQLException, IOException {
        CertificatePdf pdf = new CertificatePdf();
        try (PreparedStatement ps = con.prepareStatement(CASES.replace("FILTER", scope.filter("c.id")))) {
            ps.setFetchSize(200);
            ps.setObject(1, scope.campaignId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CertificatePdf.Facts facts = new CertificatePdf.Facts(campaign.title(), campaign.id().toString(),
                            rs.getString("id"), rs.getString("developer_id"), rs.getString("name"),
                            rs.getString("email"), rs.getString("risk_tier"), rs.getString("state"), rs.getInt("round"),
                            rs.getString("verification_basis"), json(rs.getString("events")),
                            json(rs.getString("attestations")), json(rs.getString("findings")),
                            checkpoint == null ? null : checkpoint.describe(rs.getString("id")));
                    zip.file("certificates/" + facts.caseId() + ".pdf", (OutputStream o) -> pdf.render(facts, o));
                }
            }
        }
    }

    private JsonNode json(String text) throws IOException {
        return text == null ? mapper.createArrayNode() : mapper.readTree(text);
    }
}
