package org.datarecall.portal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.datarecall.platform.DatabaseException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The developer links table: a new round's link supersedes the case's earlier ones. */
@ApplicationScoped
public class LinkStore {

    private static final String SUPERSEDE = """
            UPDATE dr_token t SET superseded_at = v.created_at
            FROM unnest(?::uuid[], ?::int[], ?::timestamptz[]) AS v(case_id, round, created_at)
            WHERE t.case_id = v.case_id AND t.round < v.round AND t.superseded_at IS NULL
            """;

    private static final String INSERT = """
            INSERT INTO dr_token (id, token_hash, case_id, round, created_at, expires_at)
            SELECT v.id, decode(v.hash, 'hex'), v.case_id, v.round, v.created_at, v.expires_at
            FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::int[], ?::timestamptz[], ?::timestamptz[])
                 AS v(id, hash, case_id, round, created_at, expires_at)
            """;

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
            try (PreparedStatement ps = con.prepareStatement(SUPERSEDE)) {
                ps.setArray(1, con.createArrayOf("text", caseId));
                ps.setArray(2, con.createArrayOf("int4", round));
                ps.setArray(3, con.createArrayOf("text", created));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = con.prepareStatement(INSERT)) {
                ps.setArray(1, con.createArrayOf("text", id));
                ps.setArray(2, con.createArrayOf("text", hash));
                ps.setArray(3, con.createArrayOf("text", caseId));
                ps.setArray(4, con.createArrayOf("int4", round));
                ps.setArray(5, con.createArrayOf("text", created));
                ps.setArray(6, con.createArrayOf("text", expires));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
