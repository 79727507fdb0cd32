package org.datarecall.job;

/**
 * Something a job could not do: a case a bulk action refused ({@code ref} the developer id), a row of an
 * import ({@code ref} the row, {@code field} the column). {@code n} numbers them in the order found.
 */
public record JobError(long n, String ref, String field, String message) {
}
