package org.datarecall.platform.jdbc;

/**
 * A statement that selects rows by their {@code id}, with its parameters: a filter one package builds
 * (the case list's) and another applies to its own statement (the report, a bulk action's queue).
 */
public record SqlSelection(String sql, Object[] params) {
}
