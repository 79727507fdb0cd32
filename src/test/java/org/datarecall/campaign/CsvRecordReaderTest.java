package org.datarecall.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.datarecall.campaign.CsvRecordReader.CsvRecord;
import org.junit.jupiter.api.Test;

/** Given CSV text, when it is read record by record, then these fields, numbers and errors. */
class CsvRecordReaderTest {

    static final String STRAY_QUOTE = "a quote inside an unquoted field (quote the whole field and double inner quotes)";

    static List<CsvRecord> records(String csv) {
        CsvRecordReader reader = new CsvRecordReader(new StringReader(csv));
        List<CsvRecord> records = new ArrayList<>();
        try {
            for (CsvRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    static CsvRecord ok(long number, String... fields) {
        return new CsvRecord(number, List.of(fields), null);
    }

    @Test
    void a_line_of_100000_fields_is_one_refused_record_and_the_next_line_is_read() {
        String wide = ",".repeat(99_999);
        List<CsvRecordReader.CsvRecord> read = records(wide + "\nnext,line\n");
        assertThat(read).hasSize(2);
        assertThat(read.get(0).fields()).isEmpty();
        assertThat(read.get(0).error()).isEqualTo("has more than " + CsvRecordReader.MAX_FIELDS + " fields");
        assertThat(read.get(1)).isEqualTo(ok(2, "next", "line"));
    }

    @Test
    void plain_fields_are_split_at_commas_and_empty_fields_are_kept() {
        assertThat(records("a,b,c\n,x,\n")).containsExactly(ok(1, "a", "b", "c"), ok(2, "", "x", ""));
    }

    @Test
    void the_separator_is_the_one_the_header_holds_most_of() {
        assertThat(records("a;b;\"c;d\"\n1,5;2;\"x;y\"\n")).containsExactly(ok(1, "a", "b", "c;d"), ok(2, "1,5", "2", "x;y"));
        assertThat(records("\uFEFFa\tb\tc\n1\t2,3\t;\n")).containsExactly(ok(1, "a", "b", "c"), ok(2, "1", "2,3", ";"));
        assertThat(records("\"a;b;c\",d\n1,2\n")).as("separators inside quotes do not count")
                .containsExactly(ok(1, "a;b;c", "d"), ok(2, "1", "2"));
        assertThat(records("single\nx\n")).containsExactly(ok(1, "single"), ok(2, "x"));
    }

    /** A body that arrives in pieces (as over the network) is read to the end of its header first. */
    @Test
    void the_separator_is_found_when_the_header_arrives_in_pieces() throws IOException {
        java.io.Reader trickle = new java.io.FilterReader(new StringReader("id;name;email\n1;2;3\n")) {
            @Override
            public int read(char[] into, int offset, int length) throws IOException {
                return super.read(into, offset, Math.min(length, 2));
            }
        };
        CsvRecordReader reader = new CsvRecordReader(trickle);
        assertThat(reader.next()).isEqualTo(ok(1, "id", "name", "email"));
        assertThat(reader.next()).isEqualTo(ok(2, "1", "2", "3"));
        assertThat(reader.next()).isNull();
    }

    @Test
    void a_quoted_field_keeps_its_commas() {
        assertThat(records("\"Smith, Jane\",b\n")).containsExactly(ok(1, "Smith, Jane", "b"));
    }

    @Test
    void doubled_quotes_in_a_quoted_field_are_one_quote() {
        assertThat(records("\"say \"\"hi\"\"\",\"\"\"\",\"\"\n"))
                .containsExactly(ok(1, "say \"hi\"", "\"", ""));
    }

    @Test
    void a_quoted_field_may_span_lines_and_the_record_counts_once() {
        assertThat(records("\"line one\nline two\",x\n\"crlf one\r\ncrlf two\",y\r\nnext,z\n"))
                .containsExactly(ok(1, "line one\nline two", "x"), ok(2, "crlf one\r\ncrlf two", "y"),
                        ok(3, "next", "z"));
    }

    @Test
    void crlf_line_ends_are_one_line_end() {
        assertThat(records("a,b\r\nc,d\r\n")).containsExactly(ok(1, "a", "b"), ok(2, "c", "d"));
    }

    @Test
    void a_bare_carriage_return_ends_a_record_as_old_mac_files_have_it() {
        assertThat(records("a,b\rc,d\r\"e\",\"f\"\r")).containsExactly(ok(1, "a", "b"), ok(2, "c", "d"),
                ok(3, "e", "f"));
    }

    @Test
    void the_last_record_needs_no_line_end() {
        assertThat(records("a,b\nc,d")).containsExactly(ok(1, "a", "b"), ok(2, "c", "d"));
        assertThat(records("a,\"b\"")).containsExactly(ok(1, "a", "b"));
        assertThat(records("a,b\nc,")).containsExactly(ok(1, "a", "b"), ok(2, "c", ""));
    }

    @Test
    void empty_input_and_line_ends_alone_have_no_record() {
        assertThat(records("")).isEmpty();
        assertThat(records("\n\r\n\r")).isEmpty();
    }

    @Test
    void a_byte_order_mark_at_the_start_is_not_part_of_the_first_field() {
        assertThat(records("\uFEFFa,b\n")).containsExactly(ok(1, "a", "b"));
        assertThat(records("\uFEFF\"a\",b\r\n")).containsExactly(ok(1, "a", "b"));
        assertThat(records("\uFEFF")).isEmpty();
        assertThat(records("a,\uFEFFb\n")).containsExactly(ok(1, "a", "\uFEFFb"));
    }

    @Test
    void a_blank_line_is_no_record_but_keeps_its_row_number() {
        assertThat(records("a\n\nb\r\n\r\nc\r\rd\n")).containsExactly(ok(1, "a"), ok(3, "b"), ok(5, "c"),
                ok(7, "d"));
        assertThat(records("\n\r\na")).containsExactly(ok(3, "a"));
    }

    @Test
    void a_quote_inside_an_unquoted_field_is_an_error_of_that_record_only() {
        assertThat(records("a,b\"c\nd,e\n")).containsExactly(
                new CsvRecord(1, List.of(), STRAY_QUOTE),
                ok(2, "d", "e"));
    }

    @Test
    void text_after_a_closing_quote_is_an_error_of_that_record_only() {
        assertThat(records("\"Dev \"Nine\",x\r\nd,e\r\n")).containsExactly(
                new CsvRecord(1, List.of(), "unexpected text after a closing quote"), ok(2, "d", "e"));
    }

    @Test
    void a_bad_record_ends_at_a_bare_carriage_return_and_the_next_one_is_read() {
        assertThat(records("a,b\"c\rd,e\r\"f\"g\rh,i\r")).containsExactly(
                new CsvRecord(1, List.of(), STRAY_QUOTE),
                ok(2, "d", "e"),
                new CsvRecord(3, List.of(), "unexpected text after a closing quote"),
                ok(4, "h", "i"));
    }

    @Test
    void a_quoted_field_left_open_is_reported() {
        assertThat(records("a,b\n\"never closed,c\nd,e\n")).containsExactly(ok(1, "a", "b"),
                new CsvRecord(2, List.of(), "a quoted field is not closed"));
    }

    @Test
    void a_field_longer_than_the_limit_is_an_error_and_the_next_record_is_read() {
        String longField = "x".repeat(CsvRecordReader.MAX_FIELD_LENGTH + 1);
        String atLimit = "y".repeat(CsvRecordReader.MAX_FIELD_LENGTH);
        List<CsvRecord> read = records("a," + longField + "\n\"" + longField + "\",b\n" + atLimit + "\n");
        assertThat(read).hasSize(3);
        assertThat(read.get(0)).isEqualTo(new CsvRecord(1, List.of(), "field 2 is longer than 20000 characters"));
        assertThat(read.get(1)).isEqualTo(new CsvRecord(2, List.of(), "field 1 is longer than 20000 characters"));
        assertThat(read.get(2)).isEqualTo(ok(3, atLimit));
    }

    @Test
    void records_larger_than_the_read_buffer_are_read_whole() {
        String wide = "z".repeat(CsvRecordReader.MAX_FIELD_LENGTH);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            csv.append(wide).append(',').append('"').append(wide).append('"').append("\r\n");
        }
        List<CsvRecord> read = records(csv.toString());
        assertThat(read).hasSize(10).allSatisfy(r -> assertThat(r.fields()).containsExactly(wide, wide));
    }
}
