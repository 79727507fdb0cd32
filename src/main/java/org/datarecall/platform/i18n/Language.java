package org.datarecall.platform.i18n;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The languages developers are written to in, mails and the developer's page alike. A developer's
 * {@code locale} is a BCP 47 tag; only its language counts ({@code de-AT} is German). Dates are
 * written the language's way, always in UTC, which the text says. The record itself (events,
 * attestations and their canonical JSON) holds no words of these languages.
 */
public enum Language {
    EN(Locale.ENGLISH, "EEEE d MMMM yyyy, HH:mm 'UTC'", "d MMMM yyyy, HH:mm 'UTC'"),
    DE(Locale.GERMAN, "EEEE, d. MMMM yyyy, HH:mm 'UTC'", "d. MMMM yyyy, HH:mm 'UTC'"),
    FR(Locale.FRENCH, "EEEE d MMMM yyyy 'à' HH:mm 'UTC'", "d MMMM yyyy 'à' HH:mm 'UTC'");

    /** What a locale column may hold: a language and optional subtags, as in {@code fr} or {@code pt-BR}. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*");

    private final Locale locale;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter shortDateTime;

    Language(Locale locale, String dateTime, String shortDateTime) {
        this.locale = locale;
        this.dateTime = DateTimeFormatter.ofPattern(dateTime, locale).withZone(ZoneOffset.UTC);
        this.shortDateTime = DateTimeFormatter.ofPattern(shortDateTime, locale).withZone(ZoneOffset.UTC);
    }

    /** The tag stored and shown: {@code en}, {@code de}, {@code fr}. */
    public String tag() {
        return locale.getLanguage();
    }

    public Locale locale() {
        return locale;
    }

    /** A deadline as a mail's words: weekday, date and time, in UTC. */
    public String dateTime(Instant at) {
        return dateTime.format(at);
    }

    /** A date and time without the weekday, in UTC. */
    public String shortDateTime(Instant at) {
        return shortDateTime.format(at);
    }

    /** The stored tag's language; English for anything else. */
    public static Language ofTag(String tag) {
        if (tag != null) {
            for (Language l : values()) {
                if (l.tag().equals(tag)) {
                    return l;
                }
            }
        }
        return EN;
    }

    /** The first of our languages a browser's {@code Accept-Language} asks for; English when none or no header. */
    public static Language preferred(String acceptLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String language = range.getRange().split("-", 2)[0];
                    for (Language l : values()) {
                        if (l.tag().equalsIgnoreCase(language)) {
                            return l;
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                // a malformed header asks for nothing
            }
        }
        return EN;
    }

    /** What an uploaded locale asks for: a language we write in, or English and the tag we could not serve. */
    public record Requested(Language language, String unsupported) {
    }

    /** No locale in the upload (no such column or field): a new developer gets English, a known one keeps theirs. */
    public static final Requested KEEP = new Requested(null, null);

    /**
     * The language a developer's locale asks for; null when the value is no language tag at all. An
     * empty value asks for English; none at all ({@code null}) is {@link #KEEP}.
     */
    public static Requested requested(String value) {
        if (value == null) {
            return KEEP;
        }
        if (value.isBlank()) {
            return new Requested(EN, null);
        }
        String tag = value.strip();
        if (!TAG.matcher(tag).matches()) {
            return null;
        }
        String language = Locale.forLanguageTag(tag.replace('_', '-')).getLanguage();
        for (Language l : values()) {
            if (l.tag().equals(language)) {
                return new Requested(l, null);
            }
        }
        return new Requested(EN, tag);
    }
}
