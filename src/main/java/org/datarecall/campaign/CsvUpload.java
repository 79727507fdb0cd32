package org.datarecall.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV upload: a header naming the expected columns (any order, each once), then one record per
 * row, read one at a time. Problems of shape (bad quoting, a wrong number of fields, a bad header) are
 * row errors; each good record goes on with its fields in the order of the expected columns.
 */
public final class CsvUpload {

    /** One record's fields, in the order of the expected columns. */
    public interface Record {
        void accept(long row, List<String> fields);
    }

    private CsvUpload() {
    }

    /** Reads the whole body; answers how many records it had after the header. */
    public static long read(InputStream body, List<String> columns, ImportErrors errors, Record each)
            throws IOException {
        return read(body, columns, List.of(), errors, each);
    }

    /**
     * Reads the whole body, whose header may also name any of the {@code optional} columns; a record's
     * fields come in the order of {@code columns} then {@code optional}, null for an optional column
     * the header left out. Answers how many records it had after the header.
     */
    public static long read(InputStream body, List<String> columns, List<String> optional, ImportErrors errors,
            Record each) throws IOException {
        CsvRecordReader csv = CsvRecordReader.utf8(body);
        CsvRecordReader.CsvRecord header = csv.next();
        if (header == null) {
            errors.add(0, null, "the upload is empty; expected the header " + String.join(",", columns));
            return 0;
        }
        int[] at = positions(header, columns, optional, errors);
        if (at == null) {
            return 0;
        }
        int width = header.fields().size();
        long rows = 0;
        for (CsvRecordReader.CsvRecord record = csv.next(); record != null; record = csv.next()) {
            rows++;
            if (record.error() != null) {
                errors.add(record.number(), null, record.error());
                continue;
            }
            List<String> f = record.fields();
            if (f.size() != width) {
                errors.add(record.number(), null, "has " + f.size() + " fields; the header has " + width);
                continue;
            }
            // A view in the columns' order, not a copy: ten million records pay no list each.
            each.accept(record.number(), new AbstractList<>() {
                @Override
                public String get(int column) {
                    return at[column] < 0 ? null : f.get(at[column]);
                }

                @Override
                public int size() {
                    return at.length;
                }
            });
        }
        return rows;
    }

    /** Where each expected column is in the header (-1: an optional one it lacks), or null when the header is wrong. */
    private static int[] positions(CsvRecordReader.CsvRecord header, List<String> columns, List<String> optional,
            ImportErrors errors) {
        long row = header.number();
        if (header.error() != null) {
            errors.add(row, null, "header: " + header.error());
            return null;
        }
        Map<String, Integer> found = new HashMap<>();
        List<String> names = header.fields();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (!columns.contains(name) && !optional.contains(name)) {
                errors.add(row, name, "is not a known column; expected " + String.join(",", columns)
                        + (optional.isEmpty() ? "" : " and optionally " + String.join(",", optional)));
            } else if (found.putIfAbsent(name, i) != null) {
                errors.add(row, name, "appears twice in the header");
            }
        }
        for (String column : columns) {
            if (!found.containsKey(column)) {
                errors.add(row, column, "is missing from the header");
            }
        }
        if (errors.any()) {
            return null;
        }
        List<String> all = new java.util.ArrayList<>(columns);
        all.addAll(optional);
        int[] positions = new int[all.size()];
        Arrays.setAll(positions, i -> found.getOrDefault(all.get(i), -1));
        return positions;
    }
}
