package org.datarecall.job;

/** What a job does; each kind has one {@link JobHandler}. */
public enum JobKind {
    /** A developer import sent with {@code ?async=true}. */
    IMPORT,
    /** One staff action over every case matching a filter. */
    BULK_ACTION
}
