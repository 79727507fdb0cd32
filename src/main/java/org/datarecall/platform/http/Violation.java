package org.datarecall.platform.http;

/** One invalid field of a request: {@code field} is a JSON path such as {@code policy.audit.sampleRate}. */
public record Violation(String field, String message) {
}
