package org.datarecall.pack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * {@code events.jsonl}: one event per line, in canonical JSON (the same bytes as
 * {@link org.datarecall.portal.CanonicalJson} writes for the event's fields), built straight from the
 * rows' UTF-8 bytes. PostgreSQL gives every column as text — the hashes in hex, {@code atMicros} by the
 * same expression the event's hash uses — so a million events pass without a String or a map per field:
 * escaping UTF-8 bytes is escaping the text, since every byte of a multi-byte character is above 0x7F.
 */
final class EventLines {

    /** The columns in the order of the line's keys (sorted, as the canonical form writes them). */
    private static final String SELECT = "SELECT actor, (extract(epoch FROM at) * 1000000)::bigint::text, "
            + "case_id::text, data, from_state, encode(hash, 'hex'), encode(prev_hash, 'hex'), seq::text, to_state, type "
            + "FROM dr_case_event WHERE campaign_id = ?";

    private static final byte[][] KEYS = keys("{\"actor\":", ",\"at\":", ",\"atMicros\":", ",\"caseId\":", ",\"data\":",
            ",\"fromState\":", ",\"hash\":", ",\"prevHash\":", ",\"seq\":", ",\"toState\":", ",\"type\":");
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] line = new byte[4096];
    private int length;

    private EventLines() {
    }

    /** Writes the events of the campaign (or of its one case) in (case id, seq) order. */
    static void write(Connection con, UUID campaignId, UUID caseId, OutputStream out) throws SQLException, IOException {
        String sql = SELECT + (caseId == null ? "" : " AND case_id = ?") + " ORDER BY case_id, seq";
        EventLines lines = new EventLines();
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setFetchSize(EvidencePack.FETCH);
            ps.setObject(1, campaignId);
            if (caseId != null) {
                ps.setObject(2, caseId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.row(rs);
                    out.write(lines.line, 0, lines.length);
                }
            }
        }
    }

    private void row(ResultSet rs) throws SQLException {
        length = 0;
        byte[] micros = rs.getBytes(2);
        append(KEYS[0]);
        string(rs.getBytes(1)); // actor
        append(KEYS[1]);
        string(instant(micros)); // at
        append(KEYS[2]);
        append(micros); // atMicros, its digits
        for (int column = 3; column <= 10; column++) { // caseId, data, fromState, hash, prevHash, seq, toState, type
            append(KEYS[column]);
            if (column == 8) {
                append(rs.getBytes(column)); // seq, its digits
            } else {
                string(rs.getBytes(column));
            }
        }
        ensure(2);
        line[length++] = '}';
        line[length++] = '\n';
    }

    private static byte[] instant(byte[] micros) {
        long value = Long.parseLong(new String(micros, StandardCharsets.US_ASCII));
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000L)
                .toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A JSON string of UTF-8 bytes, escaped as JCS prescribes; null as {@code null}. */
    private void string(byte[] text) {
        if (text == null) {
            append(NULL);
            return;
        }
        ensure(text.length * 6 + 2);
        byte[] to = line;
        int at = length;
        to[at++] = '"';
        for (byte b : text) {
            if (b >= 0x20 && b != '"' && b != '\\' || b < 0) {
                to[at++] = b;
                continue;
            }
            to[at++] = '\\';
            switch (b) {
                case '"' -> to[at++] = '"';
                case '\\' -> to[at++] = '\\';
                case '\b' -> to[at++] = 'b';
                case '\f' -> to[at++] = 'f';
                case '\n' -> to[at++] = 'n';
                case '\r' -> to[at++] = 'r';
                case '\t' -> to[at++] = 't';
                default -> {
                    to[at++] = 'u';
                    to[at++] = '0';
                    to[at++] = '0';
                    to[at++] = HEX[b >> 4];
                    to[at++] = HEX[b & 0xF];
                }
            }
        }
        to[at++] = '"';
        length = at;
    }

    private void append(byte[] bytes) {
        if (bytes == null) {
            append(NULL);
            return;
        }
        ensure(bytes.length);
        System.arraycopy(bytes, 0, line, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + more));
        }
    }

    private static byte[][] keys(String... keys) {
        byte[][] bytes = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            bytes[i] = keys[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
