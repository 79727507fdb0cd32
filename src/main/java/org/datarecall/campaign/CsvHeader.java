package org.datarecall.campaign;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The header line of a CSV upload: the expected columns, in any order, each once. */
public final class CsvHeader {

    private CsvHeader() {
    }

    /** Where each expected column is in the header, or null when the header is wrong. */
    public static int[] positions(CsvRecordReader.CsvRecord header, List<String> columns, ImportErrors errors) {
        long row = header.number();
        if (header.error() != null) {
            errors.add(row, null, "header: " + header.error());
            return null;
        }
        Map<String, Integer> found = new HashMap<>();
        List<String> names = header.fields();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (!columns.contains(name)) {
                errors.add(row, name, "is not a known column; expected " + String.join(",", columns));
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
        int[] positions = new int[columns.size()];
        Arrays.setAll(positions, i -> found.get(columns.get(i)));
        return positions;
    }

}
