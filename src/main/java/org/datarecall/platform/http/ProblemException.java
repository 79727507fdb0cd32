package org.datarecall.platform.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the API answers as RFC 9457 problem details. {@code type} is a short slug that becomes
 * the problem type URI; {@code extensions} are extra members such as {@code violations}.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public ProblemException(int status, String type, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Response headers the answer carries, e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    /**
     * For a form: the first violation of each field, keyed by the form's own name for the field
     * (JSON paths such as {@code systems[2]} or {@code policy.attestationWindow} map to inputs).
     */
    @SuppressWarnings("unchecked")
    public Map<String, String> violationsByField(java.util.function.UnaryOperator<String> formField) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (extensions.get("violations") instanceof java.util.List<?> violations) {
            for (Violation v : (java.util.List<Violation>) violations) {
                errors.putIfAbsent(formField.apply(v.field()), v.message());
            }
        }
        return errors;
    }

    public static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "payload-too-large", "Payload too large",
                "the request body is larger than " + limit + " bytes");
    }
}
