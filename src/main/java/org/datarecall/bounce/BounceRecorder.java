package org.datarecall.bounce;

import java.time.Instant;
import java.util.List;

import org.datarecall.casework.CaseWriter;
import org.datarecall.casework.domain.CaseEventType;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Records bounces, set-based: each notice that went out (SENT, or QUEUED after a send nobody could
 * mark) and came back from its To address (a refused Cc address is ignored) becomes BOUNCED with the server's status and diagnostic, its case gets a NOTICE_BOUNCED event
 * and the unreachable flag. A bounce read twice (a mailbox move that failed) changes nothing the
 * second time; a bounce of an unknown notice is ignored.
 */
@ApplicationScoped
public class BounceRecorder {

    @Inject
    Jdbc jdbc;

    @Inject
    CaseWriter writer;

    /** Answers how many notices were marked BOUNCED now. */
    @Transactional
    public int record(List<Bounce> bounces, Instant now) {
        if (bounces.isEmpty()) {
            return 0;
        }
        return jdbc.withConnection(con -> {
            Jdbc.update(con, "CREATE TEMP TABLE IF NOT EXISTS dr_bounce_stage (notice_id uuid PRIMARY KEY, recipient text, "
                    + "status text, diagnostic text) ON COMMIT DROP");
            Jdbc.update(con, "TRUNCATE dr_bounce_stage");
            Jdbc.update(con, """
                    INSERT INTO dr_bounce_stage SELECT DISTINCT ON (v.id) v.id, v.recipient, v.status, v.diagnostic
                    FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) AS v(id, recipient, status, diagnostic)
                    """, SqlValues.texts(bounces.stream().map(Bounce::noticeId).toList()),
                    bounces.stream().map(Bounce::recipient).toArray(String[]::new),
                    bounces.stream().map(Bounce::status).toArray(String[]::new),
                    bounces.stream().map(Bounce::diagnostic).toArray(String[]::new));
            CaseWriter.openNoteStage(con);
            // The cases first, in id order, as every writer locks them (a transition locks its case and then
            // updates the case's notices): taking the notices first could deadlock with it.
            Jdbc.list(con, "SELECT count(*) FROM (SELECT c.id FROM dr_case c WHERE c.id IN (SELECT n.case_id FROM "
                    + "dr_notice n JOIN dr_bounce_stage b ON b.notice_id = n.id) ORDER BY c.id FOR UPDATE OF c) locked",
                    rs -> rs.getLong(1));
            long marked = Jdbc.list(con, """
                    WITH marked AS (
                        UPDATE dr_notice n SET status = 'BOUNCED', bounced_at = ?, bounce_status = b.status,
                                               bounce_diagnostic = b.diagnostic
                        FROM dr_bounce_stage b
                        WHERE n.id = b.notice_id AND n.status IN ('SENT', 'QUEUED')
                          -- A refused Cc address does not make the developer unreachable: the mail reached them.
                          AND (b.recipient IS NULL
                               OR lower(b.recipient) IN (SELECT lower(t) FROM unnest(n.to_addresses) AS t))
                        RETURNING n.id, n.case_id, n.kind, n.to_addresses, b.recipient, b.status, b.diagnostic
                    ), staged AS (
                    INSERT INTO dr_note_stage (case_id, ord, data, key)
                    SELECT m.case_id, row_number() OVER (PARTITION BY m.case_id ORDER BY m.id),
                           jsonb_build_object('noticeId', m.id, 'kind', m.kind,
                                              'recipient', coalesce(m.recipient, array_to_string(m.to_addresses, ', ')),
                                              'status', m.status, 'diagnostic', m.diagnostic)::text,
                           m.id::text
                    FROM marked m
                    -- A checkpoint's mail to the witnesses has no case: it is marked, nothing more.
                    WHERE m.case_id IS NOT NULL
                    )
                    SELECT count(*) FROM marked
                    """, rs -> rs.getLong(1), now).getFirst();
            // The staged cases are those of the marked notices, locked above: no second lock (lockStaged) needed.
            // The event and the unreachable flag in one write of each case: the flag is in an index's condition,
            // so a second update of the case would add an entry to every index of the case table again. Only a
            // bounce from the address the case uses now sets it: one from an address a manager has since
            // replaced is recorded, but says nothing about the new one.
            writer.appendStaged(con, CaseEventType.NOTICE_BOUNCED, "mail-server", now, """
                    unreachable = c.unreachable OR EXISTS (
                        SELECT 1 FROM dr_notice n JOIN dr_bounce_stage b ON b.notice_id = n.id
                        WHERE n.case_id = c.id AND n.status = 'BOUNCED' AND n.bounced_at = p.now
                          AND lower(c.email) IN (SELECT lower(t) FROM unnest(n.to_addresses) AS t))
                    """);
            return (int) marked;
        });
    }
}
