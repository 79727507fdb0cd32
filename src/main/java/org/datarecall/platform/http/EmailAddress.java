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
}
