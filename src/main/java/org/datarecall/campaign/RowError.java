package org.datarecall.campaign;

/**
 * One problem of an upload. {@code row}: for CSV the row a spreadsheet shows the record on (the
 * first line is 1, a blank line is a row, a quoted field spanning lines is not), for JSON the
 * 1-based position in the array; 0 for the upload as a whole.
 * {@code column}: the field name, or null when the problem is the row's shape.
 */
public record RowError(long row, String column, String message) {
}
