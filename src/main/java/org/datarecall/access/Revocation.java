package org.datarecall.access;

import java.time.Instant;

/** One checked revocation of an upload: when and how an app's access was cut, and a probe afterwards. */
record Revocation(long row, String appId, Instant revokedAt, String mechanism, Instant probeAt, String probeResult,
        String note) {
}
