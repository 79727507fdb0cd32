package org.datarecall.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;

/** Given a JSON upload, when it is read, then these developers or these problems; row n is the n-th array element. */
class JsonDeveloperReaderTest {

    static UploadRead read(String json) {
        return UploadRead.of(reader(), json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonDeveloperReader reader() {
        return new JsonDeveloperReader(new JsonFactory());
    }

    @Test
    void each_object_becomes_a_developer_numbered_by_its_position() {
        UploadRead read = read("""
                [{"developerId": "dev-1", "name": "Dev One", "email": "one@example.com",
                  "ccEmails": ["cc@example.com"], "appIds": ["app-1", "app-2"], "lastAccessAt": "2026-03-01T12:00:00Z"},
                 {"developerId": "dev-2", "name": "Dev Two", "email": "two@example.com", "ccEmails": null,
                  "lastAccessAt": null}]
                """);
        assertThat(read.errors()).isEmpty();
        assertThat(read.rows()).isEqualTo(2);
        assertThat(read.developers()).containsExactly(
                new RawDeveloper(1, "dev-1", "Dev One", "one@example.com", List.of("cc@example.com"),
                        List.of("app-1", "app-2"), "2026-03-01T12:00:00Z", null),
                new RawDeveloper(2, "dev-2", "Dev Two", "two@example.com", List.of(), null, null, null));
    }

    @Test
    void an_empty_array_is_an_upload_of_no_rows() {
        UploadRead read = read("[]");
        assertThat(read.errors()).isEmpty();
        assertThat(read.rows()).isZero();
    }

    @Test
    void an_unknown_property_is_an_error_of_its_row_and_column() {
        UploadRead read = read("""
                [{"developerId": "a", "name": "A", "email": "a@example.com", "colour": {"deep": ["red"]}},
                 {"developerId": "b", "name": "B", "email": "b@example.com"}]
                """);
        assertThat(read.errors()).containsExactly(new RowError(1, "colour", "unknown property"));
        assertThat(read.developers()).containsExactly(RawDeveloper.rejected(1, "a"),
                new RawDeveloper(2, "b", "B", "b@example.com", null, null, null, null));
    }

    @Test
    void a_text_field_of_another_type_is_an_error_naming_the_field() {
        UploadRead read = read("""
                [{"developerId": "a", "name": 7, "email": ["a@example.com"], "lastAccessAt": 1772366400}]
                """);
        assertThat(read.errors()).containsExactly(new RowError(1, "name", "must be a string"),
                new RowError(1, "email", "must be a string"), new RowError(1, "lastAccessAt", "must be a string"));
    }

    @Test
    void a_list_field_must_be_an_array_of_strings() {
        UploadRead read = read("""
                [{"developerId": "a", "ccEmails": "c@example.com"},
                 {"developerId": "b", "appIds": ["app-1", 2, "app-3"]},
                 {"developerId": "c", "appIds": [["app-1"]], "name": "C"}]
                """);
        assertThat(read.errors()).containsExactly(new RowError(1, "ccEmails", "must be an array of strings"),
                new RowError(2, "appIds", "must be an array of strings"),
                new RowError(3, "appIds", "must be an array of strings"));
        assertThat(read.rows()).isEqualTo(3);
    }

    @Test
    void a_list_longer_than_any_row_may_have_is_cut_short_with_an_error() {
        StringBuilder apps = new StringBuilder();
        for (int i = 0; i <= DeveloperRowCheck.MAX_APPS + 5; i++) {
            apps.append(i == 0 ? "" : ",").append("\"app-").append(i).append('"');
        }
        UploadRead read = read("[{\"developerId\": \"a\", \"appIds\": [" + apps + "]}, {\"developerId\": \"b\"}]");
        assertThat(read.errors()).containsExactly(new RowError(1, "appIds", "has too many entries"));
        assertThat(read.developers()).extracting(RawDeveloper::developerId).containsExactly("a", "b");
    }

    @Test
    void an_element_that_is_not_an_object_is_an_error_of_its_row() {
        UploadRead read = read("[42, [\"dev-1\"], {\"developerId\": \"c\"}, null]");
        assertThat(read.errors()).containsExactly(new RowError(1, null, "must be an object"),
                new RowError(2, null, "must be an object"), new RowError(4, null, "must be an object"));
        assertThat(read.developers()).extracting(RawDeveloper::row).containsExactly(3L);
        assertThat(read.rows()).isEqualTo(4);
    }

    @Test
    void a_body_that_is_not_an_array_is_one_problem_of_the_upload_as_a_whole() {
        RowError notAnArray = new RowError(0, null, "the body must be a JSON array of developer objects");
        assertThat(read("{\"developerId\": \"a\"}").errors()).containsExactly(notAnArray);
        assertThat(read("\"dev-1\"").errors()).containsExactly(notAnArray);
        assertThat(read("").errors()).containsExactly(notAnArray);
    }

    @Test
    void broken_json_refuses_the_upload_with_where_it_broke() {
        assertThatThrownBy(() -> read("[{\"developerId\": \"a\""))
                .hasCauseInstanceOf(JsonDeveloperReader.MalformedUpload.class)
                .hasRootCauseMessage("malformed JSON at line 1, column 21");
        assertThatThrownBy(() -> read("[{\"developerId\": \"a\"}"))
                .hasRootCauseMessage("malformed JSON at line 1, column 22");
        assertThatThrownBy(() -> read("[{\"developerId\": \"a\"}] []"))
                .hasRootCauseMessage("unexpected content after the JSON array");
        assertThatThrownBy(() -> read("[{\"developerId\": \"a\",\n \"name\" \"A\"}]"))
                .hasRootCauseMessage("malformed JSON at line 2, column 9");
    }

    @Test
    void bytes_that_are_not_utf_8_refuse_the_upload_as_malformed() {
        byte[] body = "[{\"name\": \"M\u00fcller\"}]".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> reader().read(new ByteArrayInputStream(body), d -> { }, new ImportErrors(10)))
                .isInstanceOf(JsonDeveloperReader.MalformedUpload.class)
                .hasMessageStartingWith("malformed JSON at line 1");
    }
}
