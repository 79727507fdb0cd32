package org.datarecall.link;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.link.DeveloperLinks.Link;
import org.datarecall.platform.jdbc.Column;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.RowWriter;
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
                                      WHERE case_id = v.case_id AND round <= v.round AND superseded_at IS NULL
                                        -- A delegate's link lasts its round, whatever the contact's link does.
                                        AND NOT (delegate AND round = v.round)) old) s
            WHERE t.id = s.id
            """;

    private static final RowWriter<Link> INSERT = RowWriter.of("""
            INSERT INTO dr_token (id, token_hash, nonce, key_id, case_id, round, created_at, expires_at, delegate)
            SELECT v.id, decode(v.hash, 'hex'), decode(v.nonce, 'hex'), v.key_id, v.case_id, v.round, v.created_at,
                   v.expires_at, v.delegate
            FROM %s
            """,
            Column.uuid("id", Link::id),
            Column.text("hash", l -> HexFormat.of().formatHex(l.tokenHash())),
            Column.text("nonce", l -> HexFormat.of().formatHex(l.nonce())),
            Column.text("key_id", Link::keyId),
            Column.uuid("case_id", Link::caseId),
            Column.integer("round", Link::round),
            Column.timestamptz("created_at", Link::createdAt),
            Column.timestamptz("expires_at", Link::expiresAt),
            Column.bool("delegate", Link::delegate));

    @Inject
    Jdbc jdbc;

    public void insert(List<Link> links) {
        if (links.isEmpty()) {
            return;
        }
        jdbc.withConnection(con -> {
            // Only a later round or a reissued link has earlier links to supersede; the first link of a
            // case (most links) skips the statement.
            List<Link> later = links.stream().filter(Link::replacesEarlier).toList();
            if (!later.isEmpty()) {
                Jdbc.update(con, SUPERSEDE, SqlValues.texts(later.stream().map(Link::caseId).toList()),
                        later.stream().map(Link::round).toArray(Integer[]::new),
                        SqlValues.texts(later.stream().map(Link::createdAt).toList()));
            }
            return INSERT.write(con, links);
        });
    }

    /**
     * Whom each of these cases' rounds was handed to ("name &lt;email&gt;"), keyed "caseId:round": read
     * again once the cases are locked, so that a delegation that committed meanwhile is seen.
     */
    public Map<String, String> delegations(Collection<UUID> caseIds) {
        Map<String, String> found = new HashMap<>();
        if (caseIds.isEmpty()) {
            return found;
        }
        jdbc.list("SELECT case_id, round, name || ' <' || email || '>' FROM dr_delegation WHERE case_id = ANY(?::uuid[])",
                rs -> found.put(rs.getObject(1, UUID.class) + ":" + rs.getInt(2), rs.getString(3)),
                (Object) SqlValues.texts(caseIds));
        return found;
    }

    /** Records whom a round was handed to, with the delegate's link (stored with the DELEGATED event). */
    public void recordDelegation(UUID caseId, int round, UUID linkId, String name, String email, String reason,
            Instant at) {
        jdbc.update("INSERT INTO dr_delegation (case_id, round, link_id, name, email, reason, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", caseId, round, linkId, name, email, reason, at);
    }

    /**
     * A link that works now: known, not expired, not superseded by a later one of its case.
     * {@code delegatedTo} names the colleague the round was handed to when this is the contact's link
     * of a delegated round: it then only shows the case.
     */
    public record ValidLink(UUID id, UUID caseId, int round, Instant expiresAt, boolean delegate,
            String delegatedTo) {

        public boolean readOnly() {
            return delegatedTo != null;
        }

        /** The same link, read-only when its round was handed to {@code to} (a contact's link only). */
        public ValidLink handedTo(String to) {
            return delegate || to == null ? this : new ValidLink(id, caseId, round, expiresAt, false, to);
        }
    }

    public Optional<ValidLink> resolve(byte[] tokenHash, Instant now) {
        return Optional.ofNullable(resolveAll(List.of(tokenHash), now).get(HexFormat.of().formatHex(tokenHash)));
    }

    /** The working links among these token hashes, keyed by the hash in hex; the others are left out. */
    public Map<String, ValidLink> resolveAll(List<byte[]> tokenHashes, Instant now) {
        Map<String, ValidLink> found = new HashMap<>();
        jdbc.list("SELECT t.id, t.case_id, t.round, t.expires_at, encode(t.token_hash, 'hex'), t.delegate, "
                + "CASE WHEN NOT t.delegate THEN d.name || ' <' || d.email || '>' END AS delegated_to FROM dr_token t "
                + "LEFT JOIN dr_delegation d ON d.case_id = t.case_id AND d.round = t.round "
                + "WHERE t.token_hash IN (SELECT decode(h, 'hex') FROM unnest(?::text[]) AS h) AND t.expires_at > ? "
                + "AND t.superseded_at IS NULL",
                rs -> found.put(rs.getString(5), new ValidLink(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getInt(3), SqlValues.instant(rs, "expires_at"), rs.getBoolean(6),
                        rs.getString("delegated_to"))),
                tokenHashes.stream().map(HexFormat.of()::formatHex).toArray(String[]::new), now);
        return found;
    }
}
