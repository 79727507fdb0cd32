package org.datarecall.campaign;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;

import org.datarecall.platform.http.ProblemException;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Why an upload could not be read at all, as the one 400 every upload answers with. */
public final class UploadProblem {

    private UploadProblem() {
    }

    public static ProblemException of(IOException e) {
        if (e instanceof CharacterCodingException) {
            return ProblemException.badRequest("the upload is not valid UTF-8 text");
        }
        if (e instanceof JsonDeveloperReader.MalformedUpload) {
            return new ProblemException(400, "malformed-json", "Malformed JSON", e.getMessage());
        }
        if (e instanceof JsonProcessingException json) {
            return new ProblemException(400, "malformed-json", "Malformed JSON", "malformed JSON at line "
                    + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr());
        }
        return new ProblemException(400, "upload-interrupted", "Upload interrupted",
                "the upload could not be read to its end");
    }
}
