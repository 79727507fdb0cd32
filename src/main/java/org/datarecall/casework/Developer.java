package org.datarecall.casework;

import java.time.Instant;
import java.util.List;

import org.datarecall.platform.i18n.Language;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The developer a case is about, with its contacts and the language we write to them in
 * ({@code requestedLocale}: an uploaded locale we do not write in, so English is used).
 */
public record Developer(String developerId, String name, String email, List<String> ccEmails, List<String> appIds,
        Instant lastAccessAt, @JsonIgnore Language language, String requestedLocale) {

    /** The language as the API shows it: {@code en}, {@code de} or {@code fr}. */
    @JsonProperty("locale")
    public String locale() {
        return language.tag();
    }
}
