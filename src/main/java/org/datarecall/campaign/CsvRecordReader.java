package org.datarecall.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time, holding only the current record. A record with bad
 * quoting comes back with its error, and reading goes on at the next line, so that every bad row
 * of an upload can be reported in one answer. Blank lines are skipped but counted, so that a
 * record's number is the row a spreadsheet shows it on (a quoted field spanning lines is one row).
 * A byte order mark at the start (spreadsheets write one) is not part of the first field. The separator
 * is the one of {@code ,}, {@code ;} and tab that the first line (the header) holds most of outside
 * quotes: a spreadsheet saved in a locale whose decimal mark is a comma writes {@code ;}.
 */
final class CsvRecordReader {

    /** One record: its row number (1 for the first line), its fields, or the reason it could not be read. */
    record CsvRecord(long number, List<String> fields, String error) {
    }

    static final int MAX_FIELD_LENGTH = 20_000;
    /** No upload has more columns than this; a longer line is refused at once, not split into a million fields. */
    static final int MAX_FIELDS = 100;
    private static final int EOF = -1;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long number;
    private boolean started;
    private char separator = ',';

    CsvRecordReader(Reader in) {
        this.in = in;
    }

    /** A UTF-8 reader of the body that refuses malformed bytes (instead of replacing them). */
    static CsvRecordReader utf8(InputStream body) {
        return new CsvRecordReader(new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** The next record, or null at the end of the input. */
    CsvRecord next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == BYTE_ORDER_MARK) {
                read();
            }
            separator = separatorOfFirstLine();
        }
        int c = peek();
        while (c == '\n' || c == '\r') {
            number++;
            read();
            if (c == '\r' && peek() == '\n') {
                read();
            }
            c = peek();
        }
        if (c == EOF) {
            return null;
        }
        number++;
        List<String> fields = new ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        while (true) {
            field.setLength(0);
            String error = peek() == '"' ? quoted(field) : unquoted(field);
            if (error != null) {
                skipLine();
                return new CsvRecord(number, List.of(), error);
            }
            if (field.length() > MAX_FIELD_LENGTH) {
                skipLine();
                return new CsvRecord(number, List.of(), "field " + (fields.size() + 1) + " is longer than "
                        + MAX_FIELD_LENGTH + " characters");
            }
            fields.add(field.toString());
            if (fields.size() > MAX_FIELDS) {
                skipLine();
                return new CsvRecord(number, List.of(), "has more than " + MAX_FIELDS + " fields");
            }
            int end = read();
            if (end == separator) {
                continue;
            }
            if (end == '\r' && peek() == '\n') {
                read();
            }
            return new CsvRecord(number, fields, null);
        }
    }

    /** Reads an unquoted field up to (not including) the separator or line end. */
    private String unquoted(StringBuilder field) throws IOException {
        while (true) {
            int c = peek();
            if (c == EOF || c == separator || c == '\n' || c == '\r') {
                return null;
            }
            if (c == '"') {
                return "a quote inside an unquoted field (quote the whole field and double inner quotes)";
            }
            append(field, (char) read());
        }
    }

    /** Reads a quoted field; leaves the separator or line end after the closing quote unread. */
    private String quoted(StringBuilder field) throws IOException {
        read();
        while (true) {
            int c = read();
            if (c == EOF) {
                return "a quoted field is not closed";
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    append(field, '"');
                    continue;
                }
                int after = peek();
                if (after == separator || after == '\n' || after == '\r' || after == EOF) {
                    return null;
                }
                return "unexpected text after a closing quote";
            }
            append(field, (char) c);
        }
    }

    /** The separator the first line holds most of outside quotes (as far as the buffer holds it); a comma if none. */
    private char separatorOfFirstLine() throws IOException {
        moreOfFirstLine();
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean inQuotes = false;
        for (int i = position; i < limit && (inQuotes || (buffer[i] != '\n' && buffer[i] != '\r')); i++) {
            char c = buffer[i];
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (!inQuotes) {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        return tabs > commas ? '\t' : ',';
    }

    /** Reads on until the buffer holds the whole first line, the buffer is full or the input ends. */
    private void moreOfFirstLine() throws IOException {
        if (peek() == EOF) {
            return;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        int scanned = 0;
        while (limit < buffer.length) {
            for (; scanned < limit; scanned++) {
                if (buffer[scanned] == '\n') {
                    return;
                }
            }
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n <= 0) {
                return;
            }
            limit += n;
        }
    }

    private static void append(StringBuilder field, char c) {
        // Past the limit the rest is dropped; the caller reports the field as too long.
        if (field.length() <= MAX_FIELD_LENGTH) {
            field.append(c);
        }
    }

    /** Skips the rest of a bad record up to and including its line end: LF, CRLF or a bare CR. */
    private void skipLine() throws IOException {
        int c;
        do {
            c = read();
        } while (c != EOF && c != '\n' && c != '\r');
        if (c == '\r' && peek() == '\n') {
            read();
        }
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position++];
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
