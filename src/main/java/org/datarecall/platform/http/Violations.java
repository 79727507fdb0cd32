package org.datarecall.platform.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects every invalid field of a request, so that one answer lists them all. */
public final class Violations {

    private final List<Violation> list = new ArrayList<>();

    public Violations add(String field, String message) {
        list.add(new Violation(field, message));
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(list);
    }

    /**
     * Characters as a person counts them and PostgreSQL's char_length does: code points, so that a
     * character outside the BMP (an emoji, a rare CJK ideograph) is one, not two UTF-16 units.
     */
    public static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * Text from an HTML form: browsers send every line break of a textarea as CR LF; it is stored as LF,
     * as an API client sends it, so that a limit counts what the person typed.
     */
    public static String fromForm(String text) {
        return text == null ? null : text.replace("\r\n", "\n");
    }

    /** Checks a required text: present, not blank, at most {@code max} characters. */
    public String requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            add(field, "must not be blank");
            return null;
        }
        if (characters(value) > max) {
            add(field, "must be at most " + max + " characters");
        }
        return value;
    }

    /**
     * Reads an enum constant, case-insensitively. A blank value is null, or a violation when
     * {@code required}; an unknown one is a violation that lists the allowed values.
     */
    public <E extends Enum<E>> E choice(Class<E> type, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            add(field, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .collect(Collectors.joining(", ")));
            return null;
        }
    }

    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw failed(list());
        }
    }

    public static ProblemException failed(List<Violation> violations) {
        return new ProblemException(400, "validation-failed", "Invalid request",
                violations.size() == 1 ? violations.getFirst().field() + ": " + violations.getFirst().message()
                        : violations.size() + " fields are invalid",
                Map.of("violations", violations));
    }

    public static ProblemException single(String field, String message) {
        return failed(List.of(new Violation(field, message)));
    }
}
