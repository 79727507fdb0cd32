package org.datarecall.pack;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignService;
import org.datarecall.evidence.CaseReport;
import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.portal.EvidenceFile;
import org.datarecall.portal.EvidenceStore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The evidence pack of a campaign or of one case: a ZIP streamed straight to the client from database
 * cursors in one read-only, repeatable-read snapshot, so a million cases pass through in bounded memory
 * and every file describes the same moment. The pack's {@code VERIFY.md} lists its files and what they prove.
 */
@ApplicationScoped
public class EvidencePack {

    /** A pack of a campaign or, with {@code caseId}, of one of its cases. */
    public record Scope(UUID campaignId, UUID caseId, boolean certificates) {

        String filter(String caseColumn) {
            return caseId == null ? "" : " AND " + caseColumn + " = '" + caseId + "'";
        }
    }

    static final int FETCH = 2000;
    /** A million cases with their certificates take a while; the snapshot stays open as long. */
    private static final int TIMEOUT_SECONDS = 24 * 3600;

    @Inject
    DataSource dataSource;

    @Inject
    CampaignService campaigns;

    @Inject
    CaseReport report;

    @Inject
    EvidenceStore evidence;

    @Inject
    PackStatement statement;

    @Inject
    MailFiles mails;

    @Inject
    Certificates certificates;

    @Inject
    PackCheckpoints checkpoints;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    public void write(Scope scope, OutputStream out) {
        QuarkusTransaction.requiringNew().timeout(TIMEOUT_SECONDS).run(() -> {
            try (Connection con = dataSource.getConnection()) {
                Jdbc.update(con, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                Jdbc.longWork(con);
                write(con, scope, out);
            } catch (SQLException e) {
                throw new DatabaseException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void write(Connection con, Scope scope, OutputStream out) throws SQLException, IOException {
        Campaign campaign = campaigns.find(scope.campaignId()).orElseThrow();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", PackZip.FORMAT);
        header.put("campaignId", scope.campaignId().toString());
        header.put("caseId", scope.caseId() == null ? null : scope.caseId().toString());
        header.put("createdAt", clock.instant().truncatedTo(ChronoUnit.MICROS).toString());
        ObjectMapper json = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        // The report (and the statement, counted from its rows) is read on a connection of its own in this
        // snapshot while this one streams the heads and the events: the one query heaviest for PostgreSQL
        // runs on one core while the service digests and deflates on the other.
        String snapshot = InSnapshot.export(con);
        Path casesFile = Files.createTempFile("datarecall-cases", ".csv");
        try (PackZip zip = new PackZip(out, header);
                InSnapshot<Map<String, Object>> cases = InSnapshot.start(snapshot, dataSource, TIMEOUT_SECONDS, "report",
                        (c, self) -> {
                            PackStatement.Tally tally = new PackStatement.Tally();
                            try (OutputStream file = self.stoppable(casesFile)) {
                                report.write(c, scope.campaignId(), scope.caseId(), file, tally);
                            }
                            return statement.figures(c, scope, tally);
                        })) {
            zip.file("campaign.json", json.writeValueAsBytes(campaignJson(campaign)));
            PackCheckpoints.Latest latest = checkpoints.write(con, scope, zip);
            zip.file("events.jsonl", o -> events(con, scope, o));
            zip.file("statement.json", json.writeValueAsBytes(cases.get()));
            zip.file("cases.csv", o -> Files.copy(casesFile, o));
            attestations(con, scope, zip);
            supplements(con, scope, zip);
            mails.write(con, scope, zip);
            if (scope.certificates()) {
                certificates.write(con, scope, campaign, latest, zip);
            }
            zip.file("verify/Verify.java", o -> resource("verify/Verify.java", o));
            zip.file("VERIFY.md", o -> resource("verify/VERIFY.md", o));
            zip.finish();
        } finally {
            Files.deleteIfExists(casesFile);
        }
    }

    private static Map<String, Object> campaignJson(Campaign c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("title", c.title());
        json.put("description", c.description());
        json.put("dataCategories", c.dataCategories());
        json.put("detectedAt", c.detectedAt());
        json.put("exposureStart", c.exposureStart());
        json.put("exposureEnd", c.exposureEnd());
        json.put("policy", c.policy().toDocument());
        json.put("status", c.status());
        json.put("createdBy", c.createdBy());
        json.put("createdAt", c.createdAt());
        json.put("launchedAt", c.launchedAt());
        json.put("closedAt", c.closedAt());
        return json;
    }

    /**
     * Every event, one JSON object per line, in (case id, seq) order: the fields of the hashed form as
     * stored — {@code at} both as an instant and as the microseconds the hash took, {@code data} as the
     * exact text — with the chain's hashes in hex. Lines go on to the archive in 64 KiB writes.
     */
    private static void events(Connection con, Scope scope, OutputStream out) throws SQLException, IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
        EventLines.write(con, scope.campaignId(), scope.caseId(), buffered);
        buffered.flush();
    }

    /**
     * Each attestation's canonical JSON, byte for byte as it was digested, as
     * {@code attestations/<caseId>-<attestationId>.json}, and the files it took as
     * {@code attestations/<attestationId>/files/<evidenceId>-<filename>}.
     */
    private void attestations(Connection con, Scope scope, PackZip zip) throws SQLException, IOException {
        String sql = "SELECT a.id, a.case_id, a.canonical, "
                + "EXISTS (SELECT 1 FROM dr_evidence e WHERE e.attestation_id = a.id) AS has_files "
                + "FROM dr_attestation a WHERE a.campaign_id = ?" + scope.filter("a.case_id")
                + " ORDER BY a.case_id, a.round";
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setFetchSize(FETCH);
            ps.setObject(1, scope.campaignId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    zip.file("attestations/" + rs.getString(2) + "-" + id + ".json", rs.getString(3));
                    if (rs.getBoolean(4)) {
                        for (EvidenceFile file : evidence.attachedTo(id)) {
                            zip.file("attestations/" + id + "/files/" + file.id() + "-" + file.filename(),
                                    o -> evidence.copy(file, o));
                        }
                    }
                }
            }
        }
    }

    /**
     * The files developers sent for auditors' requests, as {@code supplements/<supplementId>/<evidenceId>-<filename>}:
     * their EVIDENCE_SUPPLIED events list each one's digest.
     */
    private void supplements(Connection con, Scope scope, PackZip zip) throws SQLException, IOException {
        for (EvidenceFile file : evidence.suppliedInCampaign(scope.campaignId(), scope.caseId())) {
            zip.file("supplements/" + file.supplementId() + "/" + file.id() + "-" + file.filename(),
                    o -> evidence.copy(file, o));
        }
    }

    private static void resource(String name, OutputStream out) throws IOException {
        try (InputStream in = EvidencePack.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the build");
            }
            in.transferTo(out);
        }
    }
}
