package org.datarecall.portal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignRepository;
import org.datarecall.casework.CaseRecord;
import org.datarecall.casework.CaseRepository;
import org.datarecall.casework.TransitionPlanner;
import org.datarecall.link.LinkStore;
import org.datarecall.notice.MailComposer;
import org.datarecall.notice.NoticeDraft;
import org.datarecall.notice.SignatoryCodeMail;
import org.datarecall.platform.config.DataRecallConfig;
import org.datarecall.platform.http.EmailAddress;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Violations;
import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;
import org.datarecall.platform.jdbc.Times;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The signatory proves its mailbox: a 6-digit code mailed to the address it gives, valid for 15
 * minutes and 5 wrong tries, one per case at a time (a new code replaces the last). The table
 * {@code dr_signatory_code} keeps only HMAC-SHA-256(key, case id, address, code), the key derived from
 * the token secret, so a copy of the database cannot test the million codes offline; the code itself
 * is in the mail alone (see {@link SignatoryCodeMail}) and in no log.
 */
@ApplicationScoped
public class SignatoryCodes {

    static final Duration VALID_FOR = Duration.ofMinutes(15);
    static final int TRIES = 5;
    /** A case gets a new code at most this often, unless its last one was used: no mailbox is flooded. */
    static final Duration REISSUE_AFTER = Duration.ofSeconds(30);
    static final String METHOD = "EMAIL_CODE";

    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile byte[] key;

    @Inject
    Jdbc jdbc;

    @Inject
    CaseRepository cases;

    @Inject
    CampaignRepository campaigns;

    @Inject
    MailComposer composer;

    @Inject
    SignatoryCodeMail mail;

    @Inject
    DataRecallConfig config;

    @Inject
    Clock clock;

    /** A case's current code as stored. */
    record Issued(UUID caseId, UUID id, String email, byte[] hmac, Instant expiresAt, int failures, Instant usedAt) {
    }

    /** How a presented code fared: verified at {@code verifiedAt}, or refused with a message (and maybe counted). */
    record Verdict(Instant verifiedAt, String refusal, boolean counted, UUID codeId) {
    }

    /** Mails a new code for the link's case to {@code email}; answers until when it works, or a 400, 409, 429 or 503 problem. */
    public Instant issue(LinkStore.ValidLink link, String signatoryEmail) {
        PortalAccess.requireWritable(link);
        String email = signatoryEmail == null ? "" : signatoryEmail.strip();
        if (email.isEmpty()) {
            throw Violations.single("signatoryEmail", "is required");
        }
        if (email.length() > EmailAddress.MAX_LENGTH || !EmailAddress.isValid(email)) {
            throw Violations.single("signatoryEmail", "must be an email address");
        }
        CaseRecord c = cases.find(link.caseId()).orElseThrow(PortalAccess::invalidLink);
        Campaign campaign = campaigns.find(c.campaignId()).orElseThrow();
        if (!AttestationBatch.acceptsAttestation(c, campaign)) {
            throw ProblemException.conflict("this case no longer takes attestations");
        }
        Instant now = Times.stored(clock.instant());
        String code = "%06d".formatted(RANDOM.nextInt(1_000_000));
        UUID id = Ids.newId(now);
        // One statement claims the case's slot: two requests at once cannot both mail a code.
        int claimed = jdbc.update("""
                INSERT INTO dr_signatory_code (case_id, id, email, code_hmac, issued_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (case_id) DO UPDATE SET id = excluded.id, email = excluded.email,
                    code_hmac = excluded.code_hmac, issued_at = excluded.issued_at, expires_at = excluded.expires_at,
                    failures = 0, used_at = NULL
                WHERE dr_signatory_code.issued_at <= ? OR dr_signatory_code.used_at IS NOT NULL
                """, c.id(), id, email, hmac(c.id(), email, code), now, now.plus(VALID_FOR),
                now.minus(REISSUE_AFTER));
        if (claimed == 0) {
            long seconds = REISSUE_AFTER.toSeconds();
            throw new ProblemException(429, "too-many-codes", "Too many codes",
                    "a code was sent moments ago; wait " + seconds + " seconds before asking for another")
                    .withHeader("Retry-After", Long.toString(seconds));
        }
        NoticeDraft draft = composer.signatoryCode(campaign, TransitionPlanner.mailCase(c), c.snapshot().round(),
                email, VALID_FOR, TRIES, now);
        try {
            mail.send(draft, code, now);
        } catch (RuntimeException e) {
            // Not mailed: the code never reached anyone, so it must not count or block the next request.
            jdbc.update("DELETE FROM dr_signatory_code WHERE case_id = ? AND id = ?", c.id(), id);
            throw e;
        }
        return now.plus(VALID_FOR);
    }

    /** The current codes of these cases, locked until the caller's transaction ends. */
    Map<UUID, Issued> lockAll(Collection<UUID> caseIds) {
        if (caseIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.list("SELECT case_id, id, email, code_hmac, expires_at, failures, used_at FROM dr_signatory_code "
                + "WHERE case_id = ANY(?::uuid[]) ORDER BY case_id FOR UPDATE", SignatoryCodes::map,
                (Object) SqlValues.texts(caseIds)).stream()
                .collect(Collectors.toMap(Issued::caseId, Function.identity()));
    }

    /** Checks a presented code against the case's current one, for the address the attestation names. */
    Verdict verify(Issued issued, UUID caseId, String signatoryEmail, String presented, Instant now) {
        if (presented == null || presented.isBlank()) {
            return refused("is required: ask for a code, it is mailed to the signatory's address", false, issued);
        }
        if (issued == null || issued.usedAt() != null) {
            return refused("ask for a code first: it is mailed to the signatory's address", false, issued);
        }
        if (issued.failures() >= TRIES) {
            return refused("this code was mistyped " + TRIES + " times; ask for a new code", true, issued);
        }
        if (!issued.expiresAt().isAfter(now)) {
            return refused("this code has expired; ask for a new code", true, issued);
        }
        String email = signatoryEmail == null ? "" : signatoryEmail.strip();
        if (!issued.email().equalsIgnoreCase(email)) {
            return refused("this code was sent to another address than the signatory's email", true, issued);
        }
        String code = presented.strip();
        if (!code.matches("[0-9]{6}") || !issuedWith(issued, caseId, code)) {
            return refused("wrong code", true, issued);
        }
        return new Verdict(now, null, false, issued.id());
    }

    /** Counts wrong codes and spends verified ones, each once, in two statements for a whole group. */
    void record(List<UUID> failedCodeIds, List<UUID> usedCodeIds, Instant now) {
        if (!failedCodeIds.isEmpty()) {
            jdbc.update("UPDATE dr_signatory_code SET failures = failures + 1 WHERE id = ANY(?::uuid[])",
                    (Object) SqlValues.texts(failedCodeIds));
        }
        if (!usedCodeIds.isEmpty()) {
            jdbc.update("UPDATE dr_signatory_code SET used_at = ? WHERE id = ANY(?::uuid[])", now,
                    SqlValues.texts(usedCodeIds));
        }
    }

    private static Verdict refused(String message, boolean counted, Issued issued) {
        return new Verdict(null, message, counted && issued != null, issued == null ? null : issued.id());
    }

    /**
     * Whether the code is the one issued: its MAC under the current key, or, for a code issued just before
     * the token secret was rotated (it lives 15 minutes), under a key of one of the previous secrets.
     */
    private boolean issuedWith(Issued issued, UUID caseId, String code) {
        if (MessageDigest.isEqual(issued.hmac(), hmac(caseId, issued.email(), code))) {
            return true;
        }
        for (String previous : config.token().previousSecrets().orElse(List.of())) {
            if (MessageDigest.isEqual(issued.hmac(), mac(keyOf(previous), caseId, issued.email(), code))) {
                return true;
            }
        }
        return false;
    }

    /** One keyed MAC per thread: looking the algorithm up and keying it per code costs more than the MAC. */
    private final ThreadLocal<Mac> macs = new ThreadLocal<>();

    private byte[] hmac(UUID caseId, String email, String code) {
        Mac mac = macs.get();
        if (mac == null) {
            mac = keyed(key());
            macs.set(mac);
        }
        return mac.doFinal(input(caseId, email, code));
    }

    private static byte[] mac(byte[] key, UUID caseId, String email, String code) {
        return keyed(key).doFinal(input(caseId, email, code));
    }

    private static byte[] input(UUID caseId, String email, String code) {
        return (caseId + "\n" + email.toLowerCase(Locale.ROOT) + "\n" + code).getBytes(StandardCharsets.UTF_8);
    }

    private static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The current key, derived once from the token secret. */
    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = keyOf(config.token().secret());
            key = k;
        }
        return k;
    }

    /** A key of its own, derived from a token secret: HMAC-SHA-256(secret, "signatory-code"). */
    static byte[] keyOf(String secret) {
        return keyed(secret.getBytes(StandardCharsets.UTF_8)).doFinal("signatory-code".getBytes(StandardCharsets.UTF_8));
    }

    private static Issued map(ResultSet rs) throws SQLException {
        return new Issued(SqlValues.uuid(rs, "case_id"), SqlValues.uuid(rs, "id"), rs.getString("email"),
                rs.getBytes("code_hmac"), SqlValues.instant(rs, "expires_at"), rs.getInt("failures"),
                SqlValues.instant(rs, "used_at"));
    }
}
