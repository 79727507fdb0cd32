package org.datarecall.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the JSON upload, a top-level array of developer objects, one object at a time with the
 * streaming parser: the array is never held whole. Unknown properties and wrong types are row errors.
 */
final class JsonDeveloperReader implements UploadReader {

    private final JsonFactory factory;

    JsonDeveloperReader(JsonFactory factory) {
        this.factory = factory;
    }

    /** The body is not JSON at all, or breaks off: the upload is refused as a whole. */
    static final class MalformedUpload extends IOException {
        MalformedUpload(String message) {
            super(message);
        }
    }

    @Override
    public long read(InputStream body, Consumer<RawDeveloper> sink, ImportErrors errors) throws IOException {
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                errors.add(0, null, "the body must be a JSON array of developer objects");
                return 0;
            }
            long row = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new MalformedUpload("the JSON array is not closed");
                }
                row++;
                if (token != JsonToken.START_OBJECT) {
                    errors.add(row, null, "must be an object");
                    parser.skipChildren();
                    continue;
                }
                RawDeveloper developer = readObject(parser, row, errors);
                if (developer != null) {
                    sink.accept(developer);
                }
            }
            if (parser.nextToken() != null) {
                throw new MalformedUpload("unexpected content after the JSON array");
            }
            return row;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedUpload("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        }
    }

    private static RawDeveloper readObject(JsonParser parser, long row, ImportErrors errors) throws IOException {
        String developerId = null;
        String name = null;
        String email = null;
        String lastAccessAt = null;
        String locale = null;
        List<String> cc = null;
        List<String> apps = null;
        long before = errors.count();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "developerId" -> developerId = string(parser, value, row, field, errors);
                case "name" -> name = string(parser, value, row, field, errors);
                case "email" -> email = string(parser, value, row, field, errors);
                case "lastAccessAt" -> lastAccessAt = string(parser, value, row, field, errors);
                case "locale" -> locale = string(parser, value, row, field, errors);
                case "ccEmails" -> cc = strings(parser, value, row, field, errors);
                case "appIds" -> apps = strings(parser, value, row, field, errors);
                default -> {
                    errors.add(row, field, "unknown property");
                    parser.skipChildren();
                }
            }
        }
        if (errors.count() > before) {
            // The row is already bad; still pass its id on so that duplicates are found across the upload.
            return developerId == null ? null : RawDeveloper.rejected(row, developerId);
        }
        return new RawDeveloper(row, developerId, name, email, cc, apps, lastAccessAt, locale);
    }

    private static String string(JsonParser parser, JsonToken value, long row, String field, ImportErrors errors)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            errors.add(row, field, "must be a string");
            parser.skipChildren();
            return null;
        }
        return parser.getText();
    }

    private static List<String> strings(JsonParser parser, JsonToken value, long row, String field,
            ImportErrors errors) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (value != JsonToken.START_ARRAY) {
            errors.add(row, field, "must be an array of strings");
            parser.skipChildren();
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            if (item != JsonToken.VALUE_STRING) {
                errors.add(row, field, "must be an array of strings");
                parser.skipChildren();
                skipRestOfArray(parser);
                return null;
            }
            if (values.size() > DeveloperRowCheck.MAX_APPS) {
                errors.add(row, field, "has too many entries");
                skipRestOfArray(parser);
                return null;
            }
            values.add(parser.getText());
        }
        return values;
    }

    private static void skipRestOfArray(JsonParser parser) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken t = parser.nextToken();
            if (t == null) {
                throw new MalformedUpload("the JSON array is not closed");
            }
            if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                depth++;
            } else if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                depth--;
            }
        }
    }
}
