package org.datarecall.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Given a CSV upload, when it is read, then these developers or these problems. Rows are numbered
 * as a spreadsheet shows the file: the header is row 1.
 */
class CsvDeveloperReaderTest {

    static final String HEADER = "developerId,name,email,ccEmails,appIds,lastAccessAt\n";

    static UploadRead read(String csv) {
        return UploadRead.of(new CsvDeveloperReader(), csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void each_record_becomes_a_developer_numbered_by_its_spreadsheet_row() {
        UploadRead read = read(HEADER
                + "dev-1,Dev One,one@example.com,cc@example.com,app-1,2026-03-01T12:00:00Z\n"
                + "dev-2,\"Two, Ltd\",two@example.com,,,\n");
        assertThat(read.errors()).isEmpty();
        assertThat(read.rows()).isEqualTo(2);
        assertThat(read.developers()).containsExactly(
                new RawDeveloper(2, "dev-1", "Dev One", "one@example.com", List.of("cc@example.com"), List.of("app-1"),
                        "2026-03-01T12:00:00Z", null),
                new RawDeveloper(3, "dev-2", "Two, Ltd", "two@example.com", List.of(), List.of(), "", null));
    }

    @Test
    void lists_are_split_at_semicolons_trimmed_and_empty_entries_dropped() {
        UploadRead read = read(HEADER + "dev-1,Dev,one@example.com, a@example.com ;b@example.com;; ,app-1;app-2;,\n");
        assertThat(read.developers().getFirst().ccEmails()).containsExactly("a@example.com", "b@example.com");
        assertThat(read.developers().getFirst().appIds()).containsExactly("app-1", "app-2");
    }

    @Test
    void the_columns_may_come_in_any_order() {
        UploadRead read = read("email , lastAccessAt,appIds,ccEmails,name,developerId\r\n"
                + "one@example.com,,app-1,,Dev One,dev-1\r\n");
        assertThat(read.errors()).isEmpty();
        assertThat(read.developers()).containsExactly(new RawDeveloper(2, "dev-1", "Dev One", "one@example.com",
                List.of(), List.of("app-1"), "", null));
    }

    @Test
    void a_wrong_column_name_is_reported_on_row_1_with_the_column_expected_instead() {
        UploadRead read = read("developerId,name,mail,ccEmails,appIds,lastAccessAt\ndev-1,Dev,one@example.com,,,\n");
        assertThat(read.errors()).containsExactly(new RowError(1, "mail",
                "is not a known column; expected developerId,name,email,ccEmails,appIds,lastAccessAt and optionally locale"),
                new RowError(1, "email", "is missing from the header"));
        assertThat(read.developers()).isEmpty();
        assertThat(read.rows()).isZero();
    }

    @Test
    void a_column_named_twice_is_reported() {
        UploadRead read = read("developerId,name,email,ccEmails,appIds,lastAccessAt,name\n");
        assertThat(read.errors()).containsExactly(new RowError(1, "name", "appears twice in the header"));
    }

    @Test
    void a_byte_order_mark_is_not_part_of_the_first_column_name() {
        UploadRead read = read("\uFEFF" + HEADER + "dev-1,Dev,one@example.com,,,\n");
        assertThat(read.errors()).isEmpty();
        assertThat(read.developers()).extracting(RawDeveloper::developerId).containsExactly("dev-1");
    }

    @Test
    void a_byte_order_mark_before_a_quoted_header_is_not_part_of_it() {
        // What PowerShell's Export-Csv and other tools that quote every field write.
        UploadRead read = read("\uFEFF\"developerId\",\"name\",\"email\",\"ccEmails\",\"appIds\",\"lastAccessAt\"\r\n"
                + "\"dev-1\",\"Dev\",\"one@example.com\",\"\",\"\",\"\"\r\n");
        assertThat(read.errors()).isEmpty();
        assertThat(read.developers()).extracting(RawDeveloper::developerId).containsExactly("dev-1");
    }

    @Test
    void a_byte_order_mark_alone_is_an_empty_upload() {
        assertThat(read("\uFEFF").errors()).extracting(RowError::row, RowError::column)
                .containsExactly(tuple(0L, null));
    }

    @Test
    void blank_lines_count_as_rows_as_a_spreadsheet_shows_them() {
        UploadRead read = read("\n" + HEADER
                + "dev-1,Dev One,one@example.com,,,\n"
                + "\n"
                + "dev-2,Dev Two\n"
                + "dev-3,Dev Three,three@example.com,,,\n");
        assertThat(read.errors()).containsExactly(new RowError(5, null, "has 2 fields; the header has 6"));
        assertThat(read.developers()).extracting(RawDeveloper::row).containsExactly(3L, 6L);
        assertThat(read.rows()).isEqualTo(3);
    }

    @Test
    void a_header_after_a_blank_line_is_reported_on_its_own_row() {
        UploadRead read = read("\r\ndeveloperId,name,mail,ccEmails,appIds,lastAccessAt\r\n");
        assertThat(read.errors()).extracting(RowError::row).containsExactly(2L, 2L);
    }

    @Test
    void an_empty_upload_is_one_problem_of_the_upload_as_a_whole() {
        assertThat(read("").errors()).containsExactly(new RowError(0, null,
                "the upload is empty; expected the header developerId,name,email,ccEmails,appIds,lastAccessAt"));
    }

    @Test
    void a_header_alone_is_an_upload_of_no_rows() {
        UploadRead read = read(HEADER);
        assertThat(read.errors()).isEmpty();
        assertThat(read.rows()).isZero();
    }

    @Test
    void a_row_with_a_missing_or_an_extra_field_is_reported_by_its_row() {
        UploadRead read = read(HEADER
                + "dev-1,Dev One,one@example.com,,\n"
                + "dev-2,Dev Two,two@example.com,,,,extra\n"
                + "dev-3,Dev Three,three@example.com,,,\n");
        assertThat(read.errors()).containsExactly(
                new RowError(2, null, "has 5 fields; the header has 6"),
                new RowError(3, null, "has 7 fields; the header has 6"));
        assertThat(read.rows()).isEqualTo(3);
        assertThat(read.developers()).extracting(RawDeveloper::row).containsExactly(4L);
    }

    @Test
    void a_row_after_a_multi_line_field_keeps_the_spreadsheet_row_number() {
        UploadRead read = read(HEADER
                + "dev-1,\"Dev\nOne\",one@example.com,,,\r\n"
                + "dev-2,Dev Two,two@example.com,,\n");
        assertThat(read.developers().getFirst().name()).isEqualTo("Dev\nOne");
        assertThat(read.errors()).containsExactly(new RowError(3, null, "has 5 fields; the header has 6"));
    }

    @Test
    void a_badly_quoted_row_is_reported_and_the_rows_after_it_are_still_read() {
        UploadRead read = read(HEADER
                + "dev-1,\"Dev \"One\",one@example.com,,,\n"
                + "dev-2,Dev Two,two@example.com,,,\n");
        assertThat(read.errors()).containsExactly(new RowError(2, null, "unexpected text after a closing quote"));
        assertThat(read.developers()).extracting(RawDeveloper::row).containsExactly(3L);
    }

    @Test
    void every_bad_row_of_a_file_with_bare_carriage_returns_is_reported() {
        UploadRead read = read(HEADER.replace("\n", "\r")
                + "dev-1,\"Dev \"One\",one@example.com,,,\r"
                + "dev-2,Dev Two,two@example.com,,,\r"
                + "dev-3,Dev Three\r");
        assertThat(read.errors()).containsExactly(new RowError(2, null, "unexpected text after a closing quote"),
                new RowError(4, null, "has 2 fields; the header has 6"));
        assertThat(read.developers()).extracting(RawDeveloper::row).containsExactly(3L);
    }

    @Test
    void the_end_of_the_file_needs_no_line_end_and_may_have_an_empty_line() {
        String rows = HEADER + "dev-1,Dev One,one@example.com,,,";
        assertThat(read(rows).developers()).hasSize(1);
        assertThat(read(rows + "\n").developers()).hasSize(1);
        assertThat(read(rows + "\n\n").developers()).hasSize(1);
        assertThat(read(rows + "\r\n\r\n").developers()).hasSize(1);
    }

    @Test
    void text_that_is_not_utf_8_stops_the_upload_as_a_coding_error() {
        // "Müller" as Windows-1252 writes it: 0xFC is not UTF-8.
        byte[] body = (HEADER + "dev-1,M\u00fcller,one@example.com,,,\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> new CsvDeveloperReader().read(new ByteArrayInputStream(body), d -> { },
                new ImportErrors(10))).isInstanceOf(CharacterCodingException.class);
    }
}
