package org.datarecall.campaign;

/**
 * One problem of an upload. {@code row}: for CSV the record number counting the header as 1 (as a
 * spreadsheet shows it), for JSON the 1-based position in the array; 0 for the upload as a whole.
 * {@code column}: the field name, or null when the problem is the row's shape.
 */
public record RowError(long row, String column, String message) {
}
