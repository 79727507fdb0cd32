package org.datarecall.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.datarecall.platform.http.ProblemException;

/**
 * The problems found in an upload. Every one is counted; the first {@code limit} (by row) are
 * kept for the answer, so that a million bad rows cannot fill the heap.
 */
public final class ImportErrors {

    private final int limit;
    private final List<RowError> kept = new ArrayList<>();
    private long count;

    public ImportErrors(int limit) {
        this.limit = limit;
    }

    public void add(long row, String column, String message) {
        count++;
        kept.add(new RowError(row, column, message));
        if (kept.size() > 2 * limit) {
            trim();
        }
    }

    /** Problems counted elsewhere (in SQL) beyond those added one by one; they count but are not listed. */
    public void moreNotListed(long n) {
        count += n;
    }

    public int limit() {
        return limit;
    }

    public boolean any() {
        return count > 0;
    }

    public long count() {
        return count;
    }

    public ProblemException rejection() {
        trim();
        String detail = count == 1 ? "1 problem in the upload; nothing was stored"
                : count + " problems in the upload; nothing was stored";
        if (count > kept.size()) {
            detail += " (the first " + kept.size() + " are listed)";
        }
        return new ProblemException(400, "import-rejected", "Import rejected", detail,
                Map.of("errors", List.copyOf(kept), "errorCount", count));
    }

    private void trim() {
        kept.sort(Comparator.comparingLong(RowError::row));
        if (kept.size() > limit) {
            kept.subList(limit, kept.size()).clear();
        }
    }
}
