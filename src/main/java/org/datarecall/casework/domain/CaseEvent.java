package org.datarecall.casework.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One fact about a case, one record per kind. {@link #data()} is the stored form (the event's
 * JSON object, keys in a fixed order, absent values left out); {@link #fromStored} reads it back.
 * Components named {@code round}, {@code dueAt} and {@code verificationBasis} carry what the
 * event changes in the snapshot, so that replaying a history needs nothing else.
 */
public sealed interface CaseEvent {

    /** The kind of event, as stored. */
    default CaseEventType type() {
        return switch (this) {
            case CaseOpened e -> CaseEventType.CASE_OPENED;
            case DeveloperUpdated e -> CaseEventType.DEVELOPER_UPDATED;
            case Notified e -> CaseEventType.NOTIFIED;
            case DeletionRequested e -> CaseEventType.DELETION_REQUESTED;
            case DeadlineExtended e -> CaseEventType.DEADLINE_EXTENDED;
            case ReminderSent e -> CaseEventType.REMINDER_SENT;
            case Escalated e -> CaseEventType.ESCALATED;
            case Enforced e -> CaseEventType.ENFORCED;
            case Withdrawn e -> CaseEventType.WITHDRAWN;
            case AttestationReceived e -> CaseEventType.ATTESTATION_RECEIVED;
            case AttestationRejected e -> CaseEventType.ATTESTATION_REJECTED;
            case AuditRequested e -> CaseEventType.AUDIT_REQUESTED;
            case Verified e -> CaseEventType.VERIFIED;
            case AuditPassed e -> CaseEventType.AUDIT_PASSED;
            case AuditFailed e -> CaseEventType.AUDIT_FAILED;
            case NoticeResent e -> CaseEventType.NOTICE_RESENT;
            case ContactUpdated e -> CaseEventType.CONTACT_UPDATED;
            case Delegated e -> CaseEventType.DELEGATED;
            case AccessRevoked e -> CaseEventType.ACCESS_REVOKED;
            case NoticeBounced e -> CaseEventType.NOTICE_BOUNCED;
            case FindingRecorded e -> CaseEventType.FINDING;
            case NoteAdded e -> CaseEventType.NOTE_ADDED;
            case OwnerAssigned e -> CaseEventType.OWNER_ASSIGNED;
            case EvidenceRequested e -> CaseEventType.EVIDENCE_REQUESTED;
            case EvidenceSupplied e -> CaseEventType.EVIDENCE_SUPPLIED;
            case EnforcementAnswered e -> e.confirmed() ? CaseEventType.ENFORCEMENT_CONFIRMED
                    : CaseEventType.ENFORCEMENT_FAILED;
        };
    }

    /** The state the event leaves; null only for {@link CaseOpened}. Records whose source varies carry it. */
    default CaseState fromState() {
        return type().from();
    }

    /** The state the event enters. Records whose target varies say so themselves. */
    default CaseState toState() {
        return type().to();
    }

    /** The event's data as stored, in a fixed key order; absent values are left out. */
    Map<String, Object> data();

    /** The round this event starts, if it starts one. */
    default Integer round() {
        return null;
    }

    /** The deadline this event sets, if it sets one. */
    default Instant dueAt() {
        return null;
    }

    default VerificationBasis verificationBasis() {
        return null;
    }

    /** True when the event ends its round without a next one: the rounds allowed are used up. */
    default boolean spendsRound() {
        return false;
    }

    /** An event that leaves the case in the state it was in (it carries that state). */
    sealed interface KeepsState extends CaseEvent permits DeveloperUpdated, NoticeResent, ContactUpdated, Delegated, AccessRevoked,
            FindingRecorded, NoticeBounced, NoteAdded, OwnerAssigned {
        CaseState state();

        default CaseState fromState() {
            return state();
        }

        default CaseState toState() {
            return state();
        }
    }

    /**
     * The developer as imported, and the risk tier it was given; for a sub-case (a third party the data
     * was passed on to), the case that named it.
     */
    record CaseOpened(String developerId, String name, String email, List<String> ccEmails, List<String> appIds,
            Instant lastAccessAt, RiskTier riskTier, java.util.UUID parentCaseId) implements CaseEvent {

        public CaseOpened(String developerId, String name, String email, List<String> ccEmails, List<String> appIds,
                Instant lastAccessAt, RiskTier riskTier) {
            this(developerId, name, email, ccEmails, appIds, lastAccessAt, riskTier, null);
        }

        public Map<String, Object> data() {
            // Every key is written, null or not: the import has always stored the whole developer.
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("developerId", developerId);
            data.put("name", name);
            data.put("email", email);
            data.put("ccEmails", ccEmails);
            data.put("appIds", appIds);
            data.put("lastAccessAt", lastAccessAt == null ? null : lastAccessAt.toString());
            data.put("riskTier", riskTier == null ? null : riskTier.name());
            if (parentCaseId != null) {
                // Only a sub-case has the key: an imported case's data stays as the import has always written it.
                data.put("parentCaseId", parentCaseId.toString());
            }
            return data;
        }
    }

    /** A re-import changed the developer's contacts; the state stays. Written by the import in SQL. */
    record DeveloperUpdated(CaseState state, Map<String, Object> developer) implements KeepsState {
        public Map<String, Object> data() {
            return developer;
        }
    }

    record Notified() implements CaseEvent {
        public Map<String, Object> data() {
            return Map.of();
        }
    }

    /** The first deletion request: round 1 and its deadline. */
    record DeletionRequested(CaseState fromState, Integer round, Instant dueAt) implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("round", round).put("dueAt", dueAt).map();
        }
    }

    /**
     * A new deadline. {@code round} is set when the extension opens the next round: an escalation
     * whose round was used up has nothing left to attest in it.
     */
    record DeadlineExtended(CaseState fromState, Instant previousDueAt, Instant dueAt, String reason, Integer round)
            implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("previousDueAt", previousDueAt).put("dueAt", dueAt).put("reason", reason)
                    .put("round", round).map();
        }
    }

    /**
     * A reminder of the round's deadline; {@code offset} as the policy writes it, e.g. -P7D. It names
     * the current round ({@code reminderRound}) without changing it.
     */
    record ReminderSent(int reminderRound, String offset, long offsetSeconds) implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("round", reminderRound).put("offset", offset).put("offsetSeconds", offsetSeconds)
                    .map();
        }
    }

    record Escalated(CaseState fromState, String reason) implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("reason", reason).map();
        }
    }

    record Enforced(EnforcementMeasure measure, String reason) implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("measure", measure).put("reason", reason).map();
        }
    }

    record Withdrawn(CaseState fromState, String reason) implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("reason", reason).map();
        }
    }

    /** The developer's attestation; {@code late} when it came after the case escalated. */
    record AttestationReceived(CaseState fromState, String attestationId, String sha256, boolean late)
            implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("attestationId", attestationId).put("sha256", sha256).put("late", late).map();
        }
    }

    /**
     * How a round ends without a verified deletion (a rejected attestation or a failed audit): the
     * next round, or, when the rounds are used up, an escalation. Both rejections share it.
     *
     * @param round null when the rounds are used up (then {@code toState} is ESCALATED)
     */
    record NextRound(Integer round, Instant dueAt) {
        static final NextRound EXHAUSTED = new NextRound(null, null);

        boolean exhausted() {
            return round == null;
        }

        CaseState toState() {
            return exhausted() ? CaseState.ESCALATED : CaseState.DELETION_REQUESTED;
        }

        Data into(Data data) {
            return exhausted() ? data.put("roundsExhausted", true) : data.put("round", round).put("dueAt", dueAt);
        }
    }

    /** An event that ends its round without a verified deletion; where it leads is its {@link NextRound}. */
    sealed interface EndsRound extends CaseEvent {
        NextRound next();

        @Override
        default CaseState toState() {
            return next().toState();
        }

        @Override
        default Integer round() {
            return next().round();
        }

        @Override
        default Instant dueAt() {
            return next().dueAt();
        }

        @Override
        default boolean spendsRound() {
            return next().exhausted();
        }
    }

    record AttestationRejected(CaseState fromState, NextRound next, String reason) implements EndsRound {
        public Map<String, Object> data() {
            return next.into(new Data()).put("reason", reason).map();
        }
    }

    record AuditFailed(NextRound next, AuditMethod method, String findings) implements EndsRound {
        public Map<String, Object> data() {
            return next.into(new Data()).put("method", method).put("findings", findings).map();
        }
    }

    /** The audit policy selected the attested case for an audit. */
    record AuditRequested(String selectionRule) implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("selectionRule", selectionRule).map();
        }
    }

    /** Verified on the developer's attestation alone: the audit policy did not select it. */
    record Verified(String selectionRule) implements CaseEvent {
        @Override
        public VerificationBasis verificationBasis() {
            return VerificationBasis.ATTESTATION;
        }

        public Map<String, Object> data() {
            return new Data().put("verificationBasis", VerificationBasis.ATTESTATION)
                    .put("selectionRule", selectionRule).map();
        }
    }

    record AuditPassed(AuditMethod method, String findings) implements CaseEvent {
        @Override
        public VerificationBasis verificationBasis() {
            return VerificationBasis.AUDIT;
        }

        public Map<String, Object> data() {
            return new Data().put("verificationBasis", VerificationBasis.AUDIT).put("method", method)
                    .put("findings", findings).map();
        }
    }

    /** The latest developer mail went again; the state does not change. */
    record NoticeResent(CaseState state) implements KeepsState {
        public Map<String, Object> data() {
            return Map.of();
        }
    }

    /** An auditor asked for more evidence in the round's audit ({@code reason}: what is asked); the state stays. */
    record EvidenceRequested(int requestRound, String reason) implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("round", requestRound).put("reason", reason).map();
        }
    }

    /**
     * The developer sent files for the audit: each file's id, name, type, size and SHA-256, so the chain
     * holds their digests as it holds an attestation's; the state stays.
     */
    record EvidenceSupplied(String supplementId, List<Map<String, Object>> files, String comment) implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("supplementId", supplementId).put("files", files).put("comment", comment).map();
        }
    }

    /**
     * The platform answered the enforcement call (confirmed: 2xx), or the call ended without its
     * confirmation; the case stays ENFORCED.
     */
    record EnforcementAnswered(boolean confirmed, String measure, Integer status, String detail, String callId)
            implements CaseEvent {
        public Map<String, Object> data() {
            return new Data().put("measure", measure).put("status", status).put("detail", detail)
                    .put("callId", callId).map();
        }
    }

    /** A staff note; the state does not change. */
    record NoteAdded(CaseState state, String text) implements KeepsState {
        public Map<String, Object> data() {
            return new Data().put("text", text).map();
        }
    }

    /** The case went to a staff member to look after ({@code owner}; absent: to nobody); the state does not change. */
    record OwnerAssigned(CaseState state, String owner, String previousOwner) implements KeepsState {
        public Map<String, Object> data() {
            return new Data().put("owner", owner).put("previousOwner", previousOwner).map();
        }
    }

    /** Staff gave the developer new addresses, with why; the state does not change. */
    record ContactUpdated(CaseState state, String email, List<String> ccEmails, String reason) implements KeepsState {
        public Map<String, Object> data() {
            return new Data().put("email", email).put("ccEmails", ccEmails).put("reason", reason).map();
        }
    }

    /**
     * The contact ({@code from}) handed round {@code delegatedRound} to a named colleague; the state does
     * not change. Not {@code round}: that name is kept for events that start a round.
     */
    record Delegated(CaseState state, int delegatedRound, String from, String name, String email, String reason)
            implements KeepsState {
        public Map<String, Object> data() {
            return new Data().put("round", delegatedRound).put("from", from).put("name", name).put("email", email)
                    .put("reason", reason).map();
        }
    }

    /**
     * The platform cut an app's access (and may have probed it afterwards); the state stays. Written
     * in SQL by the revocations upload: {@code revocation} holds appId, revokedAt, mechanism, probe and note.
     */
    record AccessRevoked(CaseState state, Map<String, Object> revocation) implements KeepsState {
        public Map<String, Object> data() {
            return revocation;
        }
    }

    /**
     * A mail to the developer came back: {@code bounce} holds the notice, its kind, the address, the
     * server's status and diagnostic. The state stays; the case is flagged unreachable. Written in SQL
     * by the bounce poller.
     */
    record NoticeBounced(CaseState state, Map<String, Object> bounce) implements KeepsState {
        public Map<String, Object> data() {
            return bounce;
        }
    }

    /**
     * The platform's records prove something against the case: {@code finding} holds its kind and the
     * rows that prove it. The state stays (a terminal case is not reopened). Written in SQL by the findings check.
     */
    record FindingRecorded(CaseState state, Map<String, Object> finding) implements KeepsState {
        public Map<String, Object> data() {
            return finding;
        }
    }

    /**
     * Reads a stored event back into its record. A type, state or value that does not fit is a
     * corrupt history and throws; it is never guessed.
     */
    static CaseEvent fromStored(CaseEventType type, CaseState from, CaseState to, Map<String, Object> data) {
        Stored d = new Stored(data);
        CaseEvent event = switch (type) {
            case CASE_OPENED -> new CaseOpened(d.text("developerId"), d.text("name"), d.text("email"),
                    d.texts("ccEmails"), d.texts("appIds"), d.instant("lastAccessAt"),
                    d.choice(RiskTier.class, "riskTier"),
                    d.text("parentCaseId") == null ? null : java.util.UUID.fromString(d.text("parentCaseId")));
            case DEVELOPER_UPDATED -> new DeveloperUpdated(from, data);
            case NOTIFIED -> new Notified();
            case DELETION_REQUESTED -> new DeletionRequested(from, d.integer("round"), d.instant("dueAt"));
            case DEADLINE_EXTENDED -> new DeadlineExtended(from, d.instant("previousDueAt"), d.instant("dueAt"),
                    d.text("reason"), d.integer("round"));
            case REMINDER_SENT -> new ReminderSent(d.integer("round"), d.text("offset"), d.number("offsetSeconds"));
            case ESCALATED -> new Escalated(from, d.text("reason"));
            case ENFORCED -> new Enforced(d.choice(EnforcementMeasure.class, "measure"), d.text("reason"));
            case WITHDRAWN -> new Withdrawn(from, d.text("reason"));
            case ATTESTATION_RECEIVED -> new AttestationReceived(from, d.text("attestationId"), d.text("sha256"),
                    Boolean.TRUE.equals(data.get("late")));
            case ATTESTATION_REJECTED -> new AttestationRejected(from, d.nextRound(), d.text("reason"));
            case AUDIT_FAILED -> new AuditFailed(d.nextRound(), d.choice(AuditMethod.class, "method"),
                    d.text("findings"));
            case AUDIT_REQUESTED -> new AuditRequested(d.text("selectionRule"));
            case VERIFIED -> new Verified(d.text("selectionRule"));
            case AUDIT_PASSED -> new AuditPassed(d.choice(AuditMethod.class, "method"), d.text("findings"));
            case NOTICE_RESENT -> new NoticeResent(from);
            case DELEGATED -> new Delegated(from, d.integer("round"), d.text("from"), d.text("name"), d.text("email"),
                    d.text("reason"));
            case CONTACT_UPDATED -> new ContactUpdated(from, d.text("email"), d.texts("ccEmails"), d.text("reason"));
            case ACCESS_REVOKED -> new AccessRevoked(from, data);
            case NOTICE_BOUNCED -> new NoticeBounced(from, data);
            case FINDING -> new FindingRecorded(from, data);
            case NOTE_ADDED -> new NoteAdded(from, d.text("text"));
            case OWNER_ASSIGNED -> new OwnerAssigned(from, d.text("owner"), d.text("previousOwner"));
            case EVIDENCE_REQUESTED -> new EvidenceRequested(d.integer("round"), d.text("reason"));
            case EVIDENCE_SUPPLIED -> new EvidenceSupplied(d.text("supplementId"), d.records("files"), d.text("comment"));
            case ENFORCEMENT_CONFIRMED, ENFORCEMENT_FAILED -> new EnforcementAnswered(
                    type == CaseEventType.ENFORCEMENT_CONFIRMED, d.text("measure"), d.integer("status"), d.text("detail"),
                    d.text("callId"));
        };
        if (event.fromState() != from || event.toState() != to) {
            throw new IllegalStateException("stored " + type + " from " + from + " to " + to + " does not fit "
                    + event.fromState() + " to " + event.toState());
        }
        return event;
    }

    /** Builds a data object in order, leaving out absent values; enums and instants as text. */
    final class Data {
        private final Map<String, Object> map = new LinkedHashMap<>();

        Data put(String key, Object value) {
            if (value != null) {
                map.put(key, value instanceof Enum<?> e ? e.name() : value instanceof Instant i ? i.toString() : value);
            }
            return this;
        }

        Map<String, Object> map() {
            return map;
        }
    }

    /** Typed reads of a stored data object. */
    record Stored(Map<String, Object> data) {
        public Stored {
            Objects.requireNonNull(data, "data");
        }

        String text(String key) {
            Object value = data.get(key);
            return value == null ? null : value.toString();
        }

        Instant instant(String key) {
            String value = text(key);
            return value == null ? null : Instant.parse(value);
        }

        Integer integer(String key) {
            Object value = data.get(key);
            return value == null ? null : ((Number) value).intValue();
        }

        long number(String key) {
            return ((Number) Objects.requireNonNull(data.get(key), key)).longValue();
        }

        <E extends Enum<E>> E choice(Class<E> type, String key) {
            String value = text(key);
            return value == null ? null : Enum.valueOf(type, value);
        }

        @SuppressWarnings("unchecked")
        List<String> texts(String key) {
            Object value = data.get(key);
            return value == null ? null : (List<String>) value;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> records(String key) {
            Object value = data.get(key);
            return value == null ? List.of() : (List<Map<String, Object>>) value;
        }

        NextRound nextRound() {
            return Boolean.TRUE.equals(data.get("roundsExhausted")) ? NextRound.EXHAUSTED
                    : new NextRound(integer("round"), instant("dueAt"));
        }
    }
}
