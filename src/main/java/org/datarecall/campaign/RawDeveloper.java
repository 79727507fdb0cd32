package org.datarecall.campaign;

import java.util.List;

/**
 * One developer as read from an upload, before it is checked. Absent fields are null.
 * {@code rejected}: the reader already reported this row; only its id is kept, to find duplicates.
 */
record RawDeveloper(long row, String developerId, String name, String email, List<String> ccEmails,
        List<String> appIds, String lastAccessAt, String locale, boolean rejected) {

    RawDeveloper(long row, String developerId, String name, String email, List<String> ccEmails,
            List<String> appIds, String lastAccessAt, String locale) {
        this(row, developerId, name, email, ccEmails, appIds, lastAccessAt, locale, false);
    }

    static RawDeveloper rejected(long row, String developerId) {
        return new RawDeveloper(row, developerId, null, null, null, null, null, null, true);
    }
}
