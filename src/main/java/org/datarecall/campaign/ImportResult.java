package org.datarecall.campaign;

/** The answer to an accepted upload. */
public record ImportResult(long created, long updated, long unchanged) {
}
