package org.datarecall.access;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.DateTimeException;
import java.util.List;
import java.util.function.Consumer;

import org.datarecall.campaign.CsvUpload;
import org.datarecall.campaign.ImportErrors;
import org.datarecall.campaign.UploadProblem;
import org.datarecall.campaign.JsonUploadArray;
import org.datarecall.campaign.UploadFormat;
import org.datarecall.platform.http.ProblemException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One upload of platform access records, CSV ({@code appId,day,calls,usersAffected}) or a JSON array
 * of objects with those fields, read and checked one row at a time: only the current row is in memory.
 * Problems of content are counted and the first ones kept; problems across rows (unknown apps,
 * duplicates) are found in SQL by the import and added here.
 */
final class AccessRecordUpload {

    static final List<String> COLUMNS = List.of("appId", "day", "calls", "usersAffected");
    static final int MAX_APP_ID = 200;

    private final UploadFormat format;
    private final JsonFactory json;
    private final LocalDate today;
    private final ImportErrors errors;

    AccessRecordUpload(UploadFormat format, JsonFactory json, LocalDate today, int maxReportedErrors) {
        this.format = format;
        this.json = json;
        this.today = today;
        this.errors = new ImportErrors(maxReportedErrors);
    }

    /** Reads the whole body, passing each good row on; answers how many rows it had. */
    long read(InputStream body, Consumer<AccessRecord> rows) {
        try {
            return format == UploadFormat.CSV ? readCsv(body, rows) : readJson(body, rows);
        } catch (IOException e) {
            throw UploadProblem.of(e);
        }
    }

    ImportErrors errors() {
        return errors;
    }

    private long readCsv(InputStream body, Consumer<AccessRecord> rows) throws IOException {
        return CsvUpload.read(body, COLUMNS, errors, (row, f) -> {
            long before = errors.count();
            String appId = appId(row, f.get(0));
            LocalDate day = day(row, f.get(1));
            long calls = count(row, "calls", f.get(2));
            long users = count(row, "usersAffected", f.get(3));
            if (errors.count() == before) {
                rows.accept(new AccessRecord(row, appId, day, calls, users));
            }
        });
    }

    private long readJson(InputStream body, Consumer<AccessRecord> rows) throws IOException {
        try (JsonParser parser = json.createParser(body)) {
            return JsonUploadArray.read(parser, "access record objects", errors, (p, row) -> {
                AccessRecord record = readObject(p, row);
                if (record != null) {
                    rows.accept(record);
                }
            });
        }
    }

    private AccessRecord readObject(JsonParser parser, long row) throws IOException {
        long before = errors.count();
        String appId = null;
        LocalDate day = null;
        Long calls = null;
        Long users = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "appId" -> appId = value == JsonToken.VALUE_STRING ? appId(row, parser.getText())
                        : wrongType(parser, row, field, "a string");
                case "day" -> day = value == JsonToken.VALUE_STRING ? day(row, parser.getText())
                        : wrongType(parser, row, field, "a string (YYYY-MM-DD)");
                case "calls" -> calls = jsonCount(parser, value, row, field);
                case "usersAffected" -> users = jsonCount(parser, value, row, field);
                default -> {
                    errors.add(row, field, "unknown property");
                    parser.skipChildren();
                }
            }
        }
        for (String missing : List.of("appId", "day", "calls", "usersAffected")) {
            boolean absent = switch (missing) {
                case "appId" -> appId == null;
                case "day" -> day == null;
                case "calls" -> calls == null;
                default -> users == null;
            };
            if (absent && errors.count() == before) {
                errors.add(row, missing, "is required");
            }
        }
        return errors.count() == before ? new AccessRecord(row, appId, day, calls, users) : null;
    }

    private Long jsonCount(JsonParser parser, JsonToken value, long row, String field) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            return wrongType(parser, row, field, "a whole number");
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            errors.add(row, field, "is too large");
            return null;
        }
        return nonNegative(row, field, parser.getLongValue());
    }

    private <T> T wrongType(JsonParser parser, long row, String field, String expected) throws IOException {
        errors.add(row, field, "must be " + expected);
        parser.skipChildren();
        return null;
    }

    private String appId(long row, String value) {
        String id = value == null ? "" : value.strip();
        if (id.isEmpty()) {
            errors.add(row, "appId", "is required");
            return null;
        }
        if (id.length() > MAX_APP_ID) {
            errors.add(row, "appId", "must be at most " + MAX_APP_ID + " characters");
            return null;
        }
        return id;
    }

    /**
     * A UTC day as YYYY-MM-DD, read digit by digit (ten million rows pay for a formatter's parse) and
     * checked as a calendar day; null, with the problem noted, when it is not one or lies in the future.
     */
    private LocalDate day(long row, String value) {
        String text = value == null ? "" : value.strip();
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            errors.add(row, "day", "must be a UTC day as YYYY-MM-DD");
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int dayOfMonth = digits(text, 8, 10);
        LocalDate day;
        try {
            day = year < 0 || month < 0 || dayOfMonth < 0 ? null : LocalDate.of(year, month, dayOfMonth);
        } catch (DateTimeException e) {
            day = null;
        }
        if (day == null) {
            errors.add(row, "day", "must be a UTC day as YYYY-MM-DD");
            return null;
        }
        if (day.isAfter(today)) {
            errors.add(row, "day", "is in the future (today is " + today + " UTC)");
            return null;
        }
        return day;
    }

    /** The number the ASCII digits in [from, to) spell, or -1 when one is not a digit. */
    private static int digits(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private long count(long row, String field, String value) {
        String text = value == null ? "" : value.strip();
        try {
            Long n = nonNegative(row, field, Long.parseLong(text));
            return n == null ? -1 : n;
        } catch (NumberFormatException e) {
            errors.add(row, field, text.isEmpty() ? "is required" : "must be a whole number");
            return -1;
        }
    }

    private Long nonNegative(long row, String field, long value) {
        if (value < 0) {
            errors.add(row, field, "must not be negative");
            return null;
        }
        return value;
    }
}
