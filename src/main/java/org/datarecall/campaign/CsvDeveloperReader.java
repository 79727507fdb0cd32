package org.datarecall.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the CSV upload: a header naming the six columns (any order) and, if it likes, {@code locale},
 * then one developer per record. {@code ccEmails} and {@code appIds} hold several values separated by {@code ;}.
 */
public final class CsvDeveloperReader implements UploadReader {

    static final List<String> COLUMNS = List.of("developerId", "name", "email", "ccEmails", "appIds", "lastAccessAt");

    /** Columns a header may leave out: their fields are then empty. */
    static final List<String> OPTIONAL = List.of("locale");

    /**
     * A file to start from: the header and two example rows, with a byte order mark and CRLF line ends so
     * that a spreadsheet program opens it as UTF-8 columns. What it shows is what the import reads.
     */
    public static String template() {
        return "\uFEFF" + String.join(",", COLUMNS) + ",locale\r\n"
                + "dev-1001,Example Apps Ltd,privacy@example.com,legal@example.com; cto@example.com,app-1;app-2,"
                + "2026-03-01 12:00,en\r\n"
                + "dev-1002,\"Beispiel, GmbH\",datenschutz@example.de,,app-3,2025-11-20T14:30:00Z,de\r\n";
    }

    @Override
    public long read(InputStream body, Consumer<RawDeveloper> sink, ImportErrors errors) throws IOException {
        return CsvUpload.read(body, COLUMNS, OPTIONAL, errors, (row, f) -> sink.accept(new RawDeveloper(row, f.get(0),
                f.get(1), f.get(2), split(f.get(3)), split(f.get(4)), f.get(5), f.get(6))));
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
