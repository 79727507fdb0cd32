package org.datarecall.access;

import java.time.LocalDate;

/** One checked row of an access-records upload: an app's calls and affected users on one UTC day. */
record AccessRecord(long row, String appId, LocalDate day, long calls, long usersAffected) {
}
