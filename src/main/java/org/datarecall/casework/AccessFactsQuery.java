package org.datarecall.casework;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads the platform's records of a page of cases (at most a list page, 500) in one statement: each
 * case's records are key lookups by campaign and app, its findings an index read.
 */
@ApplicationScoped
public class AccessFactsQuery {

    private static final String SQL = """
            SELECT c.id, a.first_day, a.last_day, a.users_affected AS users, a.revoked_at,
                   ARRAY(SELECT f.kind FROM dr_finding f WHERE f.case_id = c.id ORDER BY f.kind) AS findings
            FROM dr_case c CROSS JOIN LATERAL dr_case_access(c.campaign_id, c.app_ids) a
            WHERE c.id = ANY (?::uuid[])
            """;

    @Inject
    Jdbc jdbc;

    /** The kinds of finding recorded on each of the cases that has any, in kind order. */
    public Map<UUID, List<String>> findingKinds(Collection<UUID> caseIds) {
        Map<UUID, List<String>> kinds = new HashMap<>();
        if (!caseIds.isEmpty()) {
            jdbc.list("SELECT case_id, array_agg(kind ORDER BY kind) AS kinds FROM dr_finding "
                    + "WHERE case_id = ANY (?::uuid[]) GROUP BY case_id",
                    rs -> kinds.put(SqlValues.uuid(rs, "case_id"), SqlValues.strings(rs, "kinds")),
                    (Object) SqlValues.texts(caseIds));
        }
        return kinds;
    }

    public AccessFacts of(UUID caseId) {
        return of(List.of(caseId)).getOrDefault(caseId, AccessFacts.NONE);
    }

    /** The facts of each case; a case without records, revocations or findings has {@link AccessFacts#NONE}'s. */
    public Map<UUID, AccessFacts> of(Collection<UUID> caseIds) {
        Map<UUID, AccessFacts> facts = new HashMap<>();
        if (caseIds.isEmpty()) {
            return facts;
        }
        jdbc.list(SQL, rs -> facts.put(SqlValues.uuid(rs, "id"), new AccessFacts(
                SqlValues.dayStart(rs, "first_day"), SqlValues.dayStart(rs, "last_day"),
                SqlValues.longOrNull(rs, "users"), SqlValues.instant(rs, "revoked_at"),
                SqlValues.strings(rs, "findings"))), (Object) SqlValues.texts(caseIds));
        return facts;
    }
}
