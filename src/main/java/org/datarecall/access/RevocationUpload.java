package org.datarecall.access;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.datarecall.campaign.ImportErrors;
import org.datarecall.campaign.UploadProblem;
import org.datarecall.campaign.JsonUploadArray;
import org.datarecall.platform.http.ProblemException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A JSON array of revocations, read one object at a time and checked: {@code appId}, {@code revokedAt}
 * (not in the future) and {@code mechanism} are required; a probe has both {@code probeAt} (not before the
 * revocation, not in the future) and {@code probeResult} ({@code NO_ACCESS} or {@code ACCESS}).
 */
final class RevocationUpload {

    static final int MAX_MECHANISM = 200;
    static final int MAX_NOTE = 2000;
    private static final Set<String> FIELDS = Set.of("appId", "revokedAt", "mechanism", "probeAt", "probeResult",
            "note");
    private static final Set<String> PROBE_RESULTS = Set.of("NO_ACCESS", "ACCESS");

    private final JsonFactory json;
    private final Instant now;
    private final ImportErrors errors;

    RevocationUpload(JsonFactory json, Instant now, int maxReportedErrors) {
        this.json = json;
        this.now = now;
        this.errors = new ImportErrors(maxReportedErrors);
    }

    ImportErrors errors() {
        return errors;
    }

    long read(InputStream body, Consumer<Revocation> rows) {
        try (JsonParser parser = json.createParser(body)) {
            return JsonUploadArray.read(parser, "revocation objects", errors, (p, row) -> {
                Revocation r = readObject(p, row);
                if (r != null) {
                    rows.accept(r);
                }
            });
        } catch (IOException e) {
            throw UploadProblem.of(e);
        }
    }

    private Revocation readObject(JsonParser parser, long row) throws IOException {
        long before = errors.count();
        Map<String, String> values = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!FIELDS.contains(field)) {
                errors.add(row, field, "unknown property");
                parser.skipChildren();
            } else if (value == JsonToken.VALUE_STRING) {
                values.put(field, parser.getText().strip());
            } else if (value != JsonToken.VALUE_NULL) {
                errors.add(row, field, "must be a string");
                parser.skipChildren();
            }
        }
        String appId = text(row, "appId", values.get("appId"), AccessRecordUpload.MAX_APP_ID, true);
        Instant revokedAt = instant(row, "revokedAt", values.get("revokedAt"), true);
        String mechanism = text(row, "mechanism", values.get("mechanism"), MAX_MECHANISM, true);
        Instant probeAt = instant(row, "probeAt", values.get("probeAt"), false);
        String probeResult = values.get("probeResult");
        String note = text(row, "note", values.get("note"), MAX_NOTE, false);
        if (probeResult != null && !PROBE_RESULTS.contains(probeResult)) {
            errors.add(row, "probeResult", "must be NO_ACCESS or ACCESS");
        } else if (probeResult == null && probeAt != null) {
            errors.add(row, "probeResult", "is required with probeAt");
        } else if (probeResult != null && values.get("probeAt") == null) {
            errors.add(row, "probeAt", "is required with probeResult");
        }
        if (probeAt != null && revokedAt != null && probeAt.isBefore(revokedAt)) {
            errors.add(row, "probeAt", "must not be before revokedAt");
        }
        return errors.count() == before
                ? new Revocation(row, appId, revokedAt, mechanism, probeAt, probeResult, note)
                : null;
    }

    private String text(long row, String field, String value, int max, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                errors.add(row, field, "is required");
            }
            return null;
        }
        if (value.codePointCount(0, value.length()) > max) {
            errors.add(row, field, "must be at most " + max + " characters");
            return null;
        }
        return value;
    }

    private Instant instant(long row, String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                errors.add(row, field, "is required");
            }
            return null;
        }
        try {
            Instant at = Instant.parse(value);
            if (at.isAfter(now)) {
                errors.add(row, field, "must not be in the future");
                return null;
            }
            return at;
        } catch (DateTimeParseException e) {
            errors.add(row, field, "must be an ISO-8601 instant in UTC, e.g. 2026-11-20T14:30:00Z");
            return null;
        }
    }
}
