package org.datarecall.platform.http;

import java.time.OffsetDateTime;

/** Cells of the CSV files the service writes for people to open in a spreadsheet. */
public final class CsvCells {

    private CsvCells() {
    }

    /**
     * RFC 4180 quoting, plus a leading apostrophe on text that a spreadsheet would run as a formula
     * (=, +, -, @): names and addresses come from outside.
     */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof OffsetDateTime at ? at.toInstant().toString() : value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
