package org.datarecall.testing;

import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Long texts with letters of two and three bytes in UTF-8 (six and nine once a form encodes them),
 * for the limits of form fields, and a way to put them into a field without typing them key by key.
 */
public final class LongText {

    private static final String WORDS = "Löschung bestätigt — données effacées, ĉiuj kopioj forigitaj € ";

    private LongText() {
    }

    /** Exactly {@code length} characters, none of them at either end a space (which forms strip). */
    public static String accented(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(WORDS, 0, Math.min(WORDS.length(), length - text.length()));
        }
        text.setCharAt(0, 'É');
        text.setCharAt(length - 1, 'é');
        return text.toString();
    }

    /** Sets a text field's value as if it had been typed (or pasted) into it. */
    public static void fill(ChromeDriver browser, WebElement field, String text) {
        browser.executeScript("arguments[0].value = arguments[1]", field, text);
    }
}
