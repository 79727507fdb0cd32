package org.datarecall.link;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Rows;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The one writer of the developer links table: a new link supersedes the case's earlier ones. */
@ApplicationScoped
public class LinkStore {

    // LATERAL keeps this an index lookup per case, whatever the planner guesses about the arrays.
    private static final String SUPERSEDE = """
            UPDATE dr_token t SET superseded_at = s.created_at
            FROM (SELECT old.id, v.created_at
                  FROM unnest(?::uuid[], ?::int[], ?::timestamptz[]) AS v(case_id, round, created_at)
                  CROSS JOIN LATERAL (SELECT id FROM dr_token
                                      WHERE case_id = v.case_id AND round <= v.round AND superseded_at IS NULL) old) s
            WHERE t.id = s.id
            """;

    private static final Rows LINK_ROWS = new Rows("uuid", "text", "uuid", "int", "timestamptz", "timestamptz");

    private static final Rows.Statement INSERT = LINK_ROWS.statement("""
            INSERT INTO dr_token (id, token_hash, case_id, round, created_at, expires_at)
            SELECT v.id, decode(v.hash, 'hex'), v.case_id, v.round, v.created_at, v.expires_at
            FROM %s AS v(id, hash, case_id, round, created_at, expires_at)
            """);

    @Inject
    DataSource dataSource;

    public void insert(List<DeveloperLinks.Link> links) {
        if (links.isEmpty()) {
            return;
        }
        int n = links.size();
        String[] id = new String[n], hash = new String[n], caseId = new String[n], created = new String[n],
                expires = new String[n];
        Integer[] round = new Integer[n];
        for (int i = 0; i < n; i++) {
            DeveloperLinks.Link l = links.get(i);
            id[i] = l.id().toString();
            hash[i] = HexFormat.of().formatHex(l.tokenHash());
            caseId[i] = l.caseId().toString();
            round[i] = l.round();
            created[i] = l.createdAt().toString();
            expires[i] = l.expiresAt().toString();
        }
        try (Connection con = dataSource.getConnection()) {
            // Only a later round or a reissued link has earlier links to supersede; the first link of a
            // case (most links) skips the statement.
            List<DeveloperLinks.Link> later = links.stream().filter(DeveloperLinks.Link::replacesEarlier).toList();
            if (!later.isEmpty()) {
                supersede(con, later);
            }
            try (PreparedStatement ps = con.prepareStatement(INSERT.sql(n))) {
                LINK_ROWS.bind(con, ps, 1, new Object[][] { id, hash, caseId, round, created, expires }, n);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private static void supersede(Connection con, List<DeveloperLinks.Link> later) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(SUPERSEDE)) {
            ps.setArray(1, con.createArrayOf("text", later.stream().map(l -> l.caseId().toString()).toArray()));
            ps.setArray(2, con.createArrayOf("int4", later.stream().map(DeveloperLinks.Link::round).toArray()));
            ps.setArray(3, con.createArrayOf("text", later.stream().map(l -> l.createdAt().toString()).toArray()));
            ps.executeUpdate();
        }
    }

    /** A link that works now: known, not expired, not superseded by a later round's. */
    public record ValidLink(UUID id, UUID caseId, int round, Instant expiresAt) {
    }

    public Optional<ValidLink> resolve(byte[] tokenHash, Instant now) {
        return Optional.ofNullable(resolveAll(List.of(tokenHash), now).get(HexFormat.of().formatHex(tokenHash)));
    }

    /** The working links among these token hashes, keyed by the hash in hex; the others are left out. */
    public Map<String, ValidLink> resolveAll(List<byte[]> tokenHashes, Instant now) {
        String sql = "SELECT id, case_id, round, expires_at, encode(token_hash, 'hex') FROM dr_token "
                + "WHERE token_hash IN (SELECT decode(h, 'hex') FROM unnest(?::text[]) AS h) AND expires_at > ? "
                + "AND superseded_at IS NULL";
        try (Connection con = dataSource.getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setArray(1, con.createArrayOf("text", tokenHashes.stream().map(HexFormat.of()::formatHex).toArray()));
            SqlValues.setInstant(ps, 2, now);
            Map<String, ValidLink> found = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(5), new ValidLink(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getInt(3), SqlValues.instant(rs, "expires_at")));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
