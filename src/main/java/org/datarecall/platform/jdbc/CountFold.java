package org.datarecall.platform.jdbc;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Counts kept the insert-only way: triggers append what each statement changed as delta rows, and a
 * fold moves the deltas into the counts table, keyed by {@code keys}, adding up {@code sums}. Readers add
 * both tables in one snapshot, so a count is exact whether its deltas were folded yet or not, and no
 * two writers ever wait on a shared counter row.
 * <p>
 * Every replica may fold at once: each step takes deltas no other fold holds (FOR UPDATE SKIP LOCKED)
 * and moves them in one statement, so a delta is counted once whether the step commits or not; the
 * counts are added in key order, so two folds wait for each other instead of deadlocking.
 */
public record CountFold(String deltas, String counts, List<String> keys, List<String> sums) {

    /** Deltas moved per statement: a backlog is folded in steps that each hold their locks briefly. */
    static final int BATCH = 10_000;

    /** Folds every delta there is now; answers how many were folded. */
    public long fold(Jdbc jdbc) {
        String step = stepSql();
        long folded = 0;
        long moved;
        do {
            moved = jdbc.one(step, rs -> rs.getLong(1), BATCH).orElse(0L);
            folded += moved;
        } while (moved == BATCH);
        if (folded > 0) {
            // Keys that came to nothing (a state left, an hour of deadlines past) go; rows a fold holds
            // are skipped, so this never waits on one.
            jdbc.update("DELETE FROM " + counts + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + counts + " WHERE "
                    + sums.stream().map(s -> s + " = 0").collect(Collectors.joining(" AND "))
                    + " FOR UPDATE SKIP LOCKED))");
        }
        return folded;
    }

    String stepSql() {
        String keyList = String.join(", ", keys);
        String summed = sums.stream().map(s -> "sum(" + s + ") AS " + s).collect(Collectors.joining(", "));
        String added = sums.stream().map(s -> s + " = c." + s + " + excluded." + s).collect(Collectors.joining(", "));
        return "WITH moved AS (DELETE FROM " + deltas + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + deltas
                + " LIMIT ? FOR UPDATE SKIP LOCKED)) RETURNING *), "
                + "summed AS (SELECT " + keyList + ", " + summed + ", count(*) AS deltas FROM moved GROUP BY "
                + keyList + "), "
                // Runs to its end though nothing reads it, as every data-modifying WITH does.
                + "added AS (INSERT INTO " + counts + " AS c (" + keyList + ", " + String.join(", ", sums) + ") "
                + "SELECT " + keyList + ", " + String.join(", ", sums) + " FROM summed ORDER BY " + keyList
                + " ON CONFLICT (" + keyList + ") DO UPDATE SET " + added + ") "
                + "SELECT coalesce(sum(deltas), 0) FROM summed";
    }
}
