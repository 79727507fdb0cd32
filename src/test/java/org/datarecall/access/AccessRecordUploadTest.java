package org.datarecall.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.datarecall.campaign.UploadFormat;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;

/** Given an upload of access records, when it is read, then these rows, or these problems by row and column. */
class AccessRecordUploadTest {

    static final LocalDate TODAY = LocalDate.parse("2026-06-01");

    record Read(List<AccessRecord> rows, AccessRecordUpload upload) {
        List<String> problems() {
            @SuppressWarnings("unchecked")
            List<org.datarecall.campaign.RowError> errors = (List<org.datarecall.campaign.RowError>) upload.errors()
                    .rejection().extensions().get("errors");
            return errors.stream().map(e -> e.row() + " " + e.column() + ": " + e.message()).toList();
        }
    }

    static Read read(UploadFormat format, String body) {
        AccessRecordUpload upload = new AccessRecordUpload(format, new JsonFactory(), TODAY, 100);
        List<AccessRecord> rows = new ArrayList<>();
        upload.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), rows::add);
        return new Read(rows, upload);
    }

    @Test
    void days_are_calendar_days_up_to_today_in_utc() {
        Read read = read(UploadFormat.CSV, """
                appId,day,calls,usersAffected
                a,2024-02-29,1,1
                a,2026-06-01,2,2
                a,2026-02-29,1,1
                a,2026-1-01,1,1
                a,2026-06-02,1,1
                a,20260601xx,1,1
                a, 2026-05-31 ,0,0
                """);
        assertThat(read.rows()).extracting(AccessRecord::day).containsExactly(LocalDate.parse("2024-02-29"),
                LocalDate.parse("2026-06-01"), LocalDate.parse("2026-05-31"));
        assertThat(read.problems()).containsExactly("4 day: must be a UTC day as YYYY-MM-DD",
                "5 day: must be a UTC day as YYYY-MM-DD", "6 day: is in the future (today is 2026-06-01 UTC)",
                "7 day: must be a UTC day as YYYY-MM-DD");
    }

    @Test
    void counts_are_whole_and_not_negative_and_every_column_is_named() {
        Read read = read(UploadFormat.CSV, """
                usersAffected,calls,day,appId
                3,-1,2026-01-01,a
                x,1,2026-01-01,a
                ,1,2026-01-01,
                4,5,2026-01-01,b
                """);
        assertThat(read.rows()).containsExactly(new AccessRecord(5, "b", LocalDate.parse("2026-01-01"), 5, 4));
        assertThat(read.problems()).containsExactly("2 calls: must not be negative",
                "3 usersAffected: must be a whole number", "4 appId: is required", "4 usersAffected: is required");
    }

    @Test
    void a_json_array_reads_the_same_and_names_wrong_types_and_unknown_properties() {
        Read read = read(UploadFormat.JSON, """
                [{"appId": "a", "day": "2026-01-01", "calls": 7, "usersAffected": 2},
                 {"appId": "a", "day": "2026-01-02", "calls": "7", "usersAffected": 2},
                 {"appId": "a", "day": "2026-01-03", "calls": 1, "usersAffected": 1, "extra": true},
                 {"appId": "a", "day": "2026-01-04", "calls": 1},
                 3]
                """);
        assertThat(read.rows()).containsExactly(new AccessRecord(1, "a", LocalDate.parse("2026-01-01"), 7, 2));
        assertThat(read.problems()).containsExactly("2 calls: must be a whole number", "3 extra: unknown property",
                "4 usersAffected: is required", "5 null: must be an object");
    }
}
