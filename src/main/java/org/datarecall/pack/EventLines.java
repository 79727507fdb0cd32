package org.datarecall.pack;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import org.datarecall.platform.jdbc.Jdbc;
import org.postgresql.PGConnection;

/**
 * {@code events.jsonl}: one event per line, in canonical JSON — the same bytes as
 * {@link org.datarecall.portal.CanonicalJson} writes for the event's fields — built by PostgreSQL and
 * streamed out with {@code COPY}, so the lines are made on the database's core while the service
 * digests and deflates them on its own, and rows flow without a round trip per fetch. {@code to_json}
 * escapes a text as JCS does (the two-character escapes, {@code \\u00xx} in lower case for the other
 * control characters, everything else as it is); {@code at} is written as {@link java.time.Instant#toString()}
 * writes it (whole seconds, or 3 or 6 digits of fraction), {@code atMicros} by the expression the event's
 * hash uses.
 */
final class EventLines {

    /** {@code column}, a timestamptz, as {@code Instant.toString()} writes it (microsecond precision). */
    static String instantSql(String column) {
        String micros = "(extract(microseconds FROM " + column + " AT TIME ZONE 'UTC')::bigint % 1000000)";
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN " + micros
                + " = 0 THEN '' WHEN " + micros + " % 1000 = 0 THEN '.' || lpad((" + micros + " / 1000)::text, 3, '0') "
                + "ELSE '.' || lpad(" + micros + "::text, 6, '0') END || 'Z'";
    }

    private static final String LINE = "'{\"actor\":' || coalesce(to_json(actor)::text, 'null') "
            + "|| ',\"at\":\"' || " + instantSql("at") + " "
            + "|| '\",\"atMicros\":' || (extract(epoch FROM at) * 1000000)::bigint "
            + "|| ',\"caseId\":\"' || case_id || '\",\"data\":' || to_json(data)::text "
            + "|| ',\"fromState\":' || coalesce(to_json(from_state)::text, 'null') "
            + "|| ',\"hash\":\"' || encode(hash, 'hex') || '\",\"prevHash\":\"' || encode(prev_hash, 'hex') "
            + "|| '\",\"seq\":' || seq || ',\"toState\":' || coalesce(to_json(to_state)::text, 'null') "
            + "|| ',\"type\":' || to_json(type)::text || '}'";

    private EventLines() {
    }

    /**
     * Writes the events of the campaign (or of its one case) in (case id, seq) order. COPY's CSV format
     * with a delimiter and a quote that no line holds (JSON has escaped every control character) writes
     * each line as it is, with a line feed: no escape to undo.
     * <p>
     * The lines come in the primary key's order, so sorts are planned out: right after an import the
     * statistics still say the campaign has a few thousand events, and on them PostgreSQL would gather the
     * campaign through a bitmap and sort it, sending nothing until every event is read and sorted (11 s
     * before the first of a million lines, measured, with both cores waiting). The index gives them in order
     * from the first, so digesting and deflating start at once.
     */
    static void write(Connection con, UUID campaignId, UUID caseId, OutputStream out) throws SQLException, IOException {
        String sql = "COPY (SELECT " + LINE + " FROM dr_case_event WHERE campaign_id = '" + campaignId + "'::uuid"
                + (caseId == null ? "" : " AND case_id = '" + caseId + "'::uuid") + " ORDER BY case_id, seq) "
                + "TO STDOUT (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')";
        Jdbc.update(con, "SET LOCAL enable_sort = off");
        con.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        Jdbc.update(con, "RESET enable_sort"); // should the copy fail, the setting ends with the transaction
    }
}
