package org.datarecall.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the CSV upload: a header naming the six columns (any order), then one developer per record.
 * {@code ccEmails} and {@code appIds} hold several values separated by {@code ;}.
 */
final class CsvDeveloperReader implements UploadReader {

    static final List<String> COLUMNS = List.of("developerId", "name", "email", "ccEmails", "appIds", "lastAccessAt");

    @Override
    public long read(InputStream body, Consumer<RawDeveloper> sink, ImportErrors errors) throws IOException {
        CsvRecordReader csv = CsvRecordReader.utf8(body);
        CsvRecordReader.CsvRecord header = csv.next();
        if (header == null) {
            errors.add(0, null, "the upload is empty; expected the header " + String.join(",", COLUMNS));
            return 0;
        }
        int[] positions = CsvHeader.positions(header, COLUMNS, errors);
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

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
