package org.datarecall.platform.http;

import java.util.regex.Pattern;

/** The address check used everywhere an address enters the service. */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;

    /** A pragmatic address check: one @, no spaces or list separators, a dotted domain of letters, digits and hyphens. */
    private static final Pattern PATTERN = Pattern.compile(
            "^[^@\\s<>(),;:\"\\[\\]\\\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

    private EmailAddress() {
    }

    public static boolean isValid(String address) {
        return address != null && address.length() <= MAX_LENGTH && PATTERN.matcher(address).matches();
    }

    /** As many Cc addresses as a developer may have. */
    public static final int MAX_CC = 20;

    /**
     * A developer's Cc list, as the import and {@code update-contact} take it: at most {@link #MAX_CC}
     * valid addresses; the primary address and repeats are dropped rather than refused (they mail no one
     * new). None given is an empty list. Answers null after telling {@code problem} the first mistake.
     */
    public static java.util.List<String> ccList(java.util.List<String> values, String primary,
            java.util.function.Consumer<String> problem) {
        if (values == null || values.isEmpty()) {
            return java.util.List.of();
        }
        if (values.size() > MAX_CC) {
            problem.accept("must list at most " + MAX_CC + " addresses");
            return null;
        }
        java.util.List<String> checked = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String value : values) {
            String address = value == null ? "" : value.strip();
            if (!isValid(address)) {
                problem.accept("'" + (address.length() <= 60 ? address : address.substring(0, 57) + "...")
                        + "' is not a valid email address");
                return null;
            }
            if (!address.equalsIgnoreCase(primary == null ? "" : primary)
                    && seen.add(address.toLowerCase(java.util.Locale.ROOT))) {
                checked.add(address);
            }
        }
        return java.util.List.copyOf(checked);
    }
}
