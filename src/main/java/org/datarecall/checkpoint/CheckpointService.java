package org.datarecall.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.evidence.Checkpoint;
import org.datarecall.evidence.CheckpointStore;
import org.datarecall.notice.MailComposer;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.jdbc.Ids;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Takes a signed checkpoint and, in the same transaction, queues its mail to the witnesses: a
 * checkpoint is never stored without its copy on the way out of the database, nor mailed without
 * being stored.
 */
@ApplicationScoped
public class CheckpointService {

    @Inject
    CheckpointStore store;

    @Inject
    org.datarecall.notice.Outbox outbox;

    @Inject
    MailComposer composer;

    @Inject
    DataRecallConfig config;

    /** Empty when {@code slot} is set and another replica already took that interval's checkpoint. */
    @Transactional
    @TransactionConfiguration(timeout = 3600)
    public Optional<Checkpoint> take(UUID campaignId, String requestedBy, Instant slot) {
        Optional<Checkpoint> taken = store.take(campaignId, requestedBy, slot);
        taken.ifPresent(this::mailWitnesses);
        return taken;
    }

    private void mailWitnesses(Checkpoint checkpoint) {
        List<String> witnesses = config.checkpoint().witnesses().orElse(List.of());
        if (witnesses.isEmpty()) {
            return;
        }
        UUID id = Ids.newId(checkpoint.at());
        String subject = "Signed checkpoint of campaign " + checkpoint.campaignId() + ": " + checkpoint.cases()
                + " cases, " + checkpoint.events() + " events";
        String text = """
                A signed checkpoint of campaign %s was taken at %s.

                Cases: %d
                Events: %d
                Merkle root: %s
                Key id: %s

                The attached file holds the signed document and its Ed25519 signature. Keep this mail: it is a
                copy of the record outside the service's database. The public keys are at
                %s/.well-known/datarecall-keys.
                """.formatted(checkpoint.campaignId(), checkpoint.at(), checkpoint.cases(), checkpoint.events(),
                java.util.HexFormat.of().formatHex(checkpoint.root()), checkpoint.keyId(), config.baseUrl());
        String html = "<pre>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</pre>";
        outbox.insertCheckpointMail(id, checkpoint.id(), witnesses, subject, text, html, composer.messageId(id),
                checkpoint.at());
    }
}
