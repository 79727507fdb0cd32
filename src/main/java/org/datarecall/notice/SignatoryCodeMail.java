package org.datarecall.notice;

import java.time.Instant;
import java.util.List;

import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.http.ProblemException;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends a signatory's code at once, outside any transaction, and only then records the mail in the
 * outbox as sent, its bodies holding {@link #WITHHELD} where the code was. The queue is no place for
 * it: the outbox stores rendered bodies, and a code must never be stored or logged in clear. A relay
 * that does not take the mail is a 503 for the caller, who asks again.
 */
@ApplicationScoped
public class SignatoryCodeMail {

    /** What the stored copy shows instead of the code. */
    public static final String WITHHELD = "(code withheld: never stored)";

    @Inject
    SmtpClient smtp;

    @Inject
    Outbox outbox;

    @Inject
    DataRecallConfig config;

    /** Sends the composed mail with the code filled in; throws a 503 problem when the relay did not take it. */
    public void send(NoticeDraft draft, String code, Instant sentAt) {
        var mail = OutboxSender.envelope(config, smtp.from(), draft.id(), draft.kind(), draft.caseId(), draft.messageId(), draft.to(),
                draft.cc(), draft.subject(), draft.bodyText().replace(MailContent.CODE_PLACEHOLDER, code),
                draft.bodyHtml().replace(MailContent.CODE_PLACEHOLDER, code));
        try {
            smtp.send(mail);
        } catch (SmtpClient.SendFailed | RuntimeException e) {
            throw new ProblemException(503, "mail-unavailable", "Service unavailable",
                    "the code could not be mailed just now; ask for a code again in a minute")
                    .withHeader("Retry-After", "60");
        }
        NoticeDraft withheld = new NoticeDraft(draft.id(), draft.campaignId(), draft.caseId(), draft.kind(),
                draft.round(), null, draft.to(), draft.cc(), draft.subject(),
                draft.bodyText().replace(MailContent.CODE_PLACEHOLDER, WITHHELD),
                draft.bodyHtml().replace(MailContent.CODE_PLACEHOLDER, WITHHELD), null, draft.messageId(),
                draft.createdAt());
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.insert(List.of(withheld));
            outbox.markSent(null, List.of(withheld.id()), sentAt);
        });
    }
}
