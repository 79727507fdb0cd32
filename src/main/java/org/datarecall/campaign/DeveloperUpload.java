package org.datarecall.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import org.datarecall.platform.http.ProblemException;


import com.fasterxml.jackson.core.JsonFactory;

/**
 * One upload of developers, read and checked row by row (CSV or a JSON array) without holding it
 * whole: every checked row goes to the caller, every problem is counted, and the upload is rejected
 * as a whole when any row is bad. What the rows become is the caller's business.
 */
public final class DeveloperUpload {

    /** Where the rows of an upload go, in upload order. */
    public interface Rows {
        void accepted(DeveloperRow row);

        /** A bad row that still has a developerId: kept, so that duplicates of it are reported too. */
        void rejected(long row, String developerId);
    }

    private final UploadReader reader;
    private final DeveloperRowCheck check;
    private final ImportErrors errors;

    public DeveloperUpload(UploadFormat format, JsonFactory json, Instant now, int maxReportedErrors) {
        this.reader = format == UploadFormat.CSV ? new CsvDeveloperReader() : new JsonDeveloperReader(json);
        this.check = new DeveloperRowCheck(now);
        this.errors = new ImportErrors(maxReportedErrors);
    }

    /** Reads the whole body; answers how many rows it had. An unreadable body is a 400 at once. */
    public long read(InputStream body, Rows rows) {
        try {
            return reader.read(body, raw -> {
                DeveloperRow row = raw.rejected() ? null : check.check(raw, errors);
                if (row != null) {
                    rows.accepted(row);
                } else if (raw.developerId() != null && !raw.developerId().isBlank()) {
                    rows.rejected(raw.row(), raw.developerId().strip());
                }
            }, errors);
        } catch (IOException e) {
            throw UploadProblem.of(e);
        }
    }

    /** A problem found after reading, e.g. a developerId repeated across rows. */
    public void problem(long row, String column, String message) {
        errors.add(row, column, message);
    }

    public boolean isRejected() {
        return errors.any();
    }

    public long problemCount() {
        return errors.count();
    }

    /** The 400 listing the problems (the first ones by row when there are many). */
    public ProblemException rejection() {
        return errors.rejection();
    }
}
