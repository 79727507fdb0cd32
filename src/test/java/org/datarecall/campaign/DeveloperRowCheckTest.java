package org.datarecall.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.datarecall.platform.i18n.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Given one uploaded developer, when it is checked, then this clean row or these problems on its row. */
class DeveloperRowCheckTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final long ROW = 7;

    /** What checking one row gave: the row, or null and the problems as the answer lists them. */
    record Checked(DeveloperRow row, List<RowError> errors) {
    }

    static Checked check(RawDeveloper raw) {
        ImportErrors errors = new ImportErrors(100);
        DeveloperRow row = new DeveloperRowCheck(NOW).check(raw, errors);
        return new Checked(row, UploadRead.listed(errors));
    }

    static RawDeveloper developer(String developerId, String name, String email) {
        return new RawDeveloper(ROW, developerId, name, email, List.of(), List.of(), null, null);
    }

    static RawDeveloper withCc(List<String> ccEmails) {
        return new RawDeveloper(ROW, "dev-1", "Dev One", "one@example.com", ccEmails, List.of(), null, null);
    }

    static RawDeveloper withApps(List<String> appIds) {
        return new RawDeveloper(ROW, "dev-1", "Dev One", "one@example.com", List.of(), appIds, null, null);
    }

    static RawDeveloper withLastAccess(String lastAccessAt) {
        return new RawDeveloper(ROW, "dev-1", "Dev One", "one@example.com", List.of(), List.of(), lastAccessAt, null);
    }

    static RowError error(String column, String message) {
        return new RowError(ROW, column, message);
    }

    @Test
    void a_good_row_is_trimmed_and_keeps_its_row_number() {
        Checked checked = check(new RawDeveloper(ROW, " dev-1 ", "\tDev One ", " one@example.com ",
                List.of(" cc@example.com "), List.of(" app-1 "), " 2026-03-01T12:00:00.123456789Z ", " de-AT "));
        assertThat(checked.errors()).isEmpty();
        assertThat(checked.row()).isEqualTo(new DeveloperRow(ROW, "dev-1", "Dev One", "one@example.com",
                List.of("cc@example.com"), List.of("app-1"), Instant.parse("2026-03-01T12:00:00.123456Z"),
                Language.DE, null));
    }

    @Test
    void a_language_we_do_not_write_in_falls_back_to_english_and_is_kept_and_a_non_tag_is_refused() {
        Checked portuguese = check(new RawDeveloper(ROW, "dev-1", "Dev One", "one@example.com", List.of(), List.of(),
                null, "pt-BR"));
        assertThat(portuguese.errors()).isEmpty();
        assertThat(portuguese.row().language()).isEqualTo(Language.EN);
        assertThat(portuguese.row().requestedLocale()).isEqualTo("pt-BR");
        Checked french = check(new RawDeveloper(ROW, "dev-1", "Dev One", "one@example.com", List.of(), List.of(),
                null, "fr_CA"));
        assertThat(french.row().language()).isEqualTo(Language.FR);
        assertThat(french.row().requestedLocale()).isNull();
        Checked none = check(new RawDeveloper(ROW, "dev-1", "Dev One", "one@example.com", List.of(), List.of(),
                null, ""));
        assertThat(none.row().language()).isEqualTo(Language.EN);
        assertThat(check(new RawDeveloper(ROW, "dev-1", "Dev One", "one@example.com", List.of(), List.of(), null,
                "French please")).errors()).containsExactly(error("locale", "must be a language tag such as de or fr-CA"));
    }

    @Test
    void the_required_fields_are_named_when_missing_or_blank() {
        Checked checked = check(developer(null, "  ", ""));
        assertThat(checked.row()).isNull();
        assertThat(checked.errors()).containsExactly(error("developerId", "is required"),
                error("name", "is required"), error("email", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-address", "one@localhost", "one@@example.com", "o ne@example.com",
            "<one@example.com>", "one@example.com;two@example.com", "one@-example.com", "one@example..com",
            "One <one@example.com>", "@example.com"})
    void an_address_that_cannot_be_mailed_is_refused(String email) {
        assertThat(check(developer("dev-1", "Dev One", email)).errors())
                .containsExactly(error("email", "is not a valid email address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"one@example.com", "first.last+tag@mail.example.co.uk", "o'neil@example-shop.io",
            "UPPER@EXAMPLE.COM"})
    void an_ordinary_address_is_kept_as_written(String email) {
        assertThat(check(developer("dev-1", "Dev One", email)).row().email()).isEqualTo(email);
    }

    @Test
    void an_address_longer_than_254_characters_is_refused() {
        String local = "a".repeat(64);
        String domain = ("d".repeat(60) + ".").repeat(3) + "example.com";
        String at254 = local + "@" + domain.substring(domain.length() - (254 - 65));
        assertThat(at254).hasSize(254);
        assertThat(check(developer("dev-1", "Dev One", at254)).errors()).isEmpty();
        assertThat(check(developer("dev-1", "Dev One", "b" + at254)).errors())
                .containsExactly(error("email", "is not a valid email address"));
    }

    @Test
    void id_and_name_have_length_limits() {
        assertThat(check(developer("i".repeat(200), "n".repeat(300), "one@example.com")).errors()).isEmpty();
        assertThat(check(developer("i".repeat(201), "n".repeat(301), "one@example.com")).errors())
                .containsExactly(error("developerId", "must be at most 200 characters"),
                        error("name", "must be at most 300 characters"));
    }

    @Test
    void a_line_break_or_other_control_character_in_a_single_line_field_is_refused() {
        assertThat(check(developer("dev\u00001", "Dev\nOne", "one@example.com")).errors())
                .containsExactly(error("developerId", "must not contain control characters"),
                        error("name", "must not contain control characters"));
    }

    @Test
    void cc_addresses_drop_repeats_and_the_primary_address() {
        DeveloperRow row = check(withCc(List.of("a@example.com", "ONE@example.com", "A@example.com", "b@example.com")))
                .row();
        assertThat(row.ccEmails()).containsExactly("a@example.com", "b@example.com");
    }

    @Test
    void a_bad_cc_address_is_quoted_in_the_error() {
        assertThat(check(withCc(List.of("a@example.com", "not an address"))).errors())
                .containsExactly(error("ccEmails", "'not an address' is not a valid email address"));
        String longAddress = "x".repeat(100) + "@example";
        assertThat(check(withCc(List.of(longAddress))).errors()).containsExactly(
                error("ccEmails", "'" + longAddress.substring(0, 57) + "...' is not a valid email address"));
    }

    @Test
    void at_most_twenty_cc_addresses() {
        List<String> twenty = IntStream.range(0, 20).mapToObj(i -> "cc" + i + "@example.com").toList();
        assertThat(check(withCc(twenty)).row().ccEmails()).hasSize(20);
        List<String> more = new ArrayList<>(twenty);
        more.add("cc20@example.com");
        assertThat(check(withCc(more)).errors())
                .containsExactly(error("ccEmails", "must list at most 20 addresses"));
    }

    @Test
    void app_ids_drop_repeats_and_are_limited_in_number_and_length() {
        assertThat(check(withApps(List.of("app-1", " app-2", "app-1"))).row().appIds())
                .containsExactly("app-1", "app-2");
        assertThat(check(withApps(Collections.nCopies(1001, "app"))).errors())
                .containsExactly(error("appIds", "must list at most 1000 app ids"));
        assertThat(check(withApps(List.of("a".repeat(201)))).errors())
                .containsExactly(error("appIds", "each app id must be 1 to 200 printable characters"));
        assertThat(check(withApps(List.of("app\t1"))).errors())
                .containsExactly(error("appIds", "each app id must be 1 to 200 printable characters"));
    }

    @Test
    void last_access_is_an_iso_instant_in_the_past_or_empty() {
        assertThat(check(withLastAccess(null)).row().lastAccessAt()).isNull();
        assertThat(check(withLastAccess("  ")).row().lastAccessAt()).isNull();
        assertThat(check(withLastAccess("2026-03-01T14:00:00+02:00")).row().lastAccessAt())
                .isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(check(withLastAccess(NOW.toString())).row().lastAccessAt()).isEqualTo(NOW);
    }

    /** What a spreadsheet writes for a date and time: read as UTC. */
    @Test
    void last_access_as_a_spreadsheet_writes_it_is_read_as_utc() {
        assertThat(check(withLastAccess("2026-03-01 12:00")).row().lastAccessAt())
                .isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(check(withLastAccess("2026-03-01 12:00:59")).row().lastAccessAt())
                .isEqualTo(Instant.parse("2026-03-01T12:00:59Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"last tuesday", "2026-03-01", "2026-03-01T12:00:00", "01/03/2026 12:00",
            "03/01/2026 12:00", "2026-02-30 12:00", "2026-03-01 24:00", "2026-03-01 12:00:00.5", "2026-3-1 12:00"})
    void last_access_that_is_not_an_instant_is_refused_with_an_example(String text) {
        assertThat(check(withLastAccess(text)).errors()).containsExactly(error("lastAccessAt",
                "must be an ISO-8601 instant such as 2026-03-01T12:00:00Z, or 2026-03-01 12:00[:00] in UTC"));
    }

    @Test
    void last_access_in_the_future_is_refused() {
        assertThat(check(withLastAccess(NOW.plusSeconds(1).toString())).errors())
                .containsExactly(error("lastAccessAt", "must not be in the future"));
    }

    @Test
    void every_problem_of_a_row_is_listed_at_once() {
        Checked checked = check(new RawDeveloper(ROW, "", "Dev", "bad", List.of("worse"), List.of(""), "soon", "??"));
        assertThat(checked.errors()).extracting(RowError::column)
                .containsExactly("developerId", "email", "ccEmails", "appIds", "lastAccessAt", "locale");
    }
}
