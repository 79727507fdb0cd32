package org.datarecall.platform.error;

import java.util.Map;

/**
 * A refusal in the service's own terms: something asked for does not exist, is not allowed in the
 * state things are in, or was decided on a stale copy. Services throw these and know nothing of HTTP;
 * one mapper ({@code platform.http.ProblemMapper}) answers each as problem+json with its status.
 */
public abstract class DomainError extends RuntimeException {

    /** What kind of refusal: the mapper's only input for the status. */
    public enum Kind {
        /** The thing named does not exist (404). */
        NOT_FOUND,
        /** Not allowed in the current state; nothing changed (409). */
        REFUSED,
        /** Decided on a version that is no longer current (412). */
        STALE
    }

    private final Kind kind;
    private final String slug;
    private final String title;

    protected DomainError(Kind kind, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
        this.slug = slug;
        this.title = title;
    }

    public Kind kind() {
        return kind;
    }

    /** A short name of the problem type, e.g. {@code action-refused}. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** Members the answer carries besides the standard ones, e.g. {@code currentState}. */
    public Map<String, Object> properties() {
        return Map.of();
    }

    /** Something that does not exist, named as a reader would: "campaign 42", "case 7". */
    public static class NotFound extends DomainError {
        public NotFound(String what) {
            super(Kind.NOT_FOUND, "not-found", "Not found", what + " does not exist");
        }
    }

    /** A request that the current state of things does not allow. */
    public static class Refused extends DomainError {
        public Refused(String detail) {
            super(Kind.REFUSED, "conflict", "Conflict", detail);
        }

        protected Refused(String slug, String title, String detail) {
            super(Kind.REFUSED, slug, title, detail);
        }
    }
}
