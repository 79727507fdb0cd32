package org.datarecall.campaign;

import java.io.IOException;

import org.datarecall.platform.http.ProblemException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The top level of a JSON upload: an array of objects read one at a time, each handed over with its
 * 1-based position (its row); an element that is not an object is a row error, a body that is not an
 * array one error for the upload, a body that breaks off a {@code 400} at once.
 */
public final class JsonUploadArray {

    /** Reads one object; the parser stands on its START_OBJECT. */
    public interface Element {
        void read(JsonParser parser, long row) throws IOException;
    }

    private JsonUploadArray() {
    }

    /** Answers how many elements the array had. {@code expected} names them, e.g. "revocation objects". */
    public static long read(JsonParser parser, String expected, ImportErrors errors, Element element)
            throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            errors.add(0, null, "the body must be a JSON array of " + expected);
            return 0;
        }
        long row = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw ProblemException.badRequest("the JSON array is not closed");
            }
            row++;
            if (token != JsonToken.START_OBJECT) {
                errors.add(row, null, "must be an object");
                parser.skipChildren();
                continue;
            }
            element.read(parser, row);
        }
        if (parser.nextToken() != null) {
            throw ProblemException.badRequest("unexpected content after the JSON array");
        }
        return row;
    }
}
