package org.datarecall.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Reads the developers of an upload one by one, reporting problems of shape (not of content) to the errors. */
sealed interface UploadReader permits CsvDeveloperReader, JsonDeveloperReader {

    /** Calls {@code sink} with every developer read; answers how many rows the upload has. */
    long read(InputStream body, Consumer<RawDeveloper> sink, ImportErrors errors) throws IOException;
}
