package org.datarecall.access;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.platform.http.Cursors;
import org.datarecall.platform.http.Page;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A campaign's findings, page by page in developer-id order, optionally of one kind. */
@ApplicationScoped
public class FindingQueries {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject
    Jdbc jdbc;

    @Inject
    ObjectMapper json;

    /** {@code kind}: null for every kind; {@code cursor}: from the previous page. */
    public Page<FindingView> list(UUID campaignId, String kind, String cursor, int limit) {
        String after = Cursors.decode(cursor);
        String developerAfter = after == null ? "" : after.substring(0, Math.max(0, after.lastIndexOf('|')));
        String kindAfter = after == null ? "" : after.substring(after.lastIndexOf('|') + 1);
        List<FindingView> rows = jdbc.list("""
                SELECT f.case_id, c.developer_id, c.name, f.kind, f.found_at, f.case_state, c.state, f.data
                FROM dr_finding f JOIN dr_case c ON c.id = f.case_id
                WHERE f.campaign_id = ? AND (?::text IS NULL OR f.kind = ?) AND (c.developer_id, f.kind) > (?, ?)
                ORDER BY c.developer_id, f.kind LIMIT ?
                """, rs -> new FindingView(SqlValues.uuid(rs, "case_id"), rs.getString("developer_id"),
                rs.getString("name"), rs.getString("kind"), SqlValues.instant(rs, "found_at"),
                rs.getString("case_state"), rs.getString("state"), evidence(rs.getString("data"))),
                campaignId, kind, kind, developerAfter, kindAfter, limit + 1);
        boolean more = rows.size() > limit;
        List<FindingView> items = more ? rows.subList(0, limit) : rows;
        return new Page<>(items, more
                ? Cursors.encode(items.getLast().developerId() + "|" + items.getLast().kind())
                : null);
    }

    private Map<String, Object> evidence(String data) {
        try {
            return json.readValue(data, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored finding is not JSON", e);
        }
    }
}
