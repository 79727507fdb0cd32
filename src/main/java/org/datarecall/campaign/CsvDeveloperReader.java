package org.datarecall.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the CSV upload: a header naming the six columns (any order), then one developer per record.
 * {@code ccEmails} and {@code appIds} hold several values separated by {@code ;}.
 */
final class CsvDeveloperReader implements UploadReader {

    static final List<String> COLUMNS = List.of("developerId", "name", "email", "ccEmails", "appIds", "lastAccessAt");

    @Override
    public long read(InputStream body, Consumer<RawDeveloper> sink, ImportErrors errors) throws IOException {
        InputStreamReader decoder = new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        CsvRecordReader csv = new CsvRecordReader(decoder);
        CsvRecordReader.CsvRecord header = csv.next();
        if (header == null) {
            errors.add(0, null, "the upload is empty; expected the header " + String.join(",", COLUMNS));
            return 0;
        }
        int[] positions = headerPositions(header, errors);
        if (positions == null) {
            return 0;
        }
        long rows = 0;
        for (CsvRecordReader.CsvRecord record = csv.next(); record != null; record = csv.next()) {
            rows++;
            if (record.error() != null) {
                errors.add(record.number(), null, record.error());
                continue;
            }
            List<String> f = record.fields();
            if (f.size() != COLUMNS.size()) {
                errors.add(record.number(), null, "has " + f.size() + " fields; the header has " + COLUMNS.size());
                continue;
            }
            sink.accept(new RawDeveloper(record.number(), f.get(positions[0]), f.get(positions[1]),
                    f.get(positions[2]), split(f.get(positions[3])), split(f.get(positions[4])), f.get(positions[5])));
        }
        return rows;
    }

    /** Where each expected column is in the header, or null when the header is wrong. */
    private static int[] headerPositions(CsvRecordReader.CsvRecord header, ImportErrors errors) {
        long row = header.number();
        if (header.error() != null) {
            errors.add(row, null, "header: " + header.error());
            return null;
        }
        Map<String, Integer> found = new HashMap<>();
        List<String> names = header.fields();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (!COLUMNS.contains(name)) {
                errors.add(row, name, "is not a known column; expected " + String.join(",", COLUMNS));
            } else if (found.putIfAbsent(name, i) != null) {
                errors.add(row, name, "appears twice in the header");
            }
        }
        for (String column : COLUMNS) {
            if (!found.containsKey(column)) {
                errors.add(row, column, "is missing from the header");
            }
        }
        if (errors.any()) {
            return null;
        }
        int[] positions = new int[COLUMNS.size()];
        Arrays.setAll(positions, i -> found.get(COLUMNS.get(i)));
        return positions;
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
