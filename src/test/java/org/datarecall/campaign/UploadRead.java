package org.datarecall.campaign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** What reading an upload gave: the developers passed on, the row count, the problems as the answer lists them. */
record UploadRead(List<RawDeveloper> developers, long rows, List<RowError> errors) {

    static UploadRead of(UploadReader reader, byte[] body) {
        List<RawDeveloper> developers = new ArrayList<>();
        ImportErrors errors = new ImportErrors(100);
        long rows;
        try {
            rows = reader.read(new ByteArrayInputStream(body), developers::add, errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new UploadRead(developers, rows, listed(errors));
    }

    /** The problems as the rejected import's answer lists them. */
    @SuppressWarnings("unchecked")
    static List<RowError> listed(ImportErrors errors) {
        return errors.any() ? (List<RowError>) errors.rejection().extensions().get("errors") : List.of();
    }
}
