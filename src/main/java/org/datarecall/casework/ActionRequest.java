package org.datarecall.casework;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.datarecall.campaign.Durations;
import org.datarecall.casework.domain.AuditMethod;
import org.datarecall.casework.domain.AuditResult;
import org.datarecall.casework.domain.CaseAction;
import org.datarecall.casework.domain.CaseCommand;
import org.datarecall.casework.domain.EnforcementMeasure;
import org.datarecall.platform.http.EmailAddress;
import org.datarecall.platform.http.Roles;
import org.datarecall.platform.http.Violations;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;

/**
 * Turns the body of {@code POST /cases/{id}/actions/{action}} into a command. Each action has its own
 * body shape; a property that does not belong to the action is refused like any unknown property.
 */
public final class ActionRequest {

    static final int MAX_REASON = 2000;
    static final int MAX_FINDINGS = 10_000;

    record ReasonBody(String reason) {
    }

    record ExtendBody(Instant dueAt, String extension, String reason) {
    }

    record EnforceBody(String measure, String reason) {
    }

    record AuditBody(String result, String method, String findings) {
    }

    record EmptyBody() {
    }

    record ContactBody(String email, List<String> ccEmails, String reason) {
    }

    record NoteBody(String text) {
    }

    record AssignBody(String owner) {
    }

    static final int MAX_NOTE = 10_000;
    static final int MAX_OWNER = 200;


    private ActionRequest() {
    }

    /**
     * The roles that may take an action: auditors record audits, ask for more evidence, write notes and take
     * cases; managers do everything.
     */
    public static Set<String> rolesFor(CaseAction action) {
        return switch (action) {
            case RECORD_AUDIT, REQUEST_EVIDENCE, ADD_NOTE, ASSIGN -> Set.of(Roles.AUDITOR, Roles.MANAGER);
            default -> Set.of(Roles.MANAGER);
        };
    }

    public static CaseCommand parse(CaseAction action, JsonNode body, ObjectMapper mapper, Instant now)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        if (body != null && body.getNodeType() != JsonNodeType.OBJECT && body.getNodeType() != JsonNodeType.MISSING) {
            throw Violations.single("body", "must be a JSON object");
        }
        ObjectMapper strict = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        JsonNode node = body == null || body.isMissingNode() ? mapper.createObjectNode() : body;
        Violations v = new Violations();
        CaseCommand command = switch (action) {
            case SEND_DELETION_REQUEST -> {
                strict.treeToValue(node, EmptyBody.class);
                yield new CaseCommand.RequestDeletion();
            }
            case RESEND_NOTICE -> {
                strict.treeToValue(node, EmptyBody.class);
                yield new CaseCommand.ResendNotice();
            }
            case UPDATE_CONTACT -> contact(strict.treeToValue(node, ContactBody.class), v);
            case ADD_NOTE -> {
                String text = v.requireText("text", strict.treeToValue(node, NoteBody.class).text(), MAX_NOTE);
                yield text == null ? null : new CaseCommand.AddNote(text.strip());
            }
            case ASSIGN -> assign(strict.treeToValue(node, AssignBody.class), node, v);
            case ESCALATE -> new CaseCommand.Escalate(reason(strict.treeToValue(node, ReasonBody.class).reason(), v));
            case WITHDRAW -> new CaseCommand.Withdraw(reason(strict.treeToValue(node, ReasonBody.class).reason(), v));
            case REJECT_ATTESTATION -> new CaseCommand.RejectAttestation(
                    reason(strict.treeToValue(node, ReasonBody.class).reason(), v));
            case REQUEST_EVIDENCE -> {
                // The reason is the request itself: what the auditor asks the developer to send.
                String asked = reason(strict.treeToValue(node, ReasonBody.class).reason(), v);
                yield asked == null ? null : new CaseCommand.RequestEvidence(asked);
            }
            case EXTEND -> extend(strict.treeToValue(node, ExtendBody.class), now, v);
            case ENFORCE -> {
                EnforceBody b = strict.treeToValue(node, EnforceBody.class);
                EnforcementMeasure measure = v.choice(EnforcementMeasure.class, "measure", b.measure(), true);
                String reason = reason(b.reason(), v);
                yield measure == null ? null : new CaseCommand.Enforce(measure, reason);
            }
            case RECORD_AUDIT -> {
                AuditBody b = strict.treeToValue(node, AuditBody.class);
                AuditResult result = v.choice(AuditResult.class, "result", b.result(), true);
                AuditMethod method = v.choice(AuditMethod.class, "method", b.method(), true);
                if (result == AuditResult.FAIL && (b.findings() == null || b.findings().isBlank())) {
                    v.add("findings", "must say what the audit found when it fails");
                } else if (b.findings() != null && Violations.characters(b.findings()) > MAX_FINDINGS) {
                    v.add("findings", "must be at most " + MAX_FINDINGS + " characters");
                }
                yield result == null || method == null ? null
                        : new CaseCommand.RecordAudit(result, method, b.findings() == null ? null : b.findings().strip());
            }
        };
        v.throwIfAny();
        return command;
    }

    private static CaseCommand extend(ExtendBody b, Instant now, Violations v) {
        String reason = reason(b.reason(), v);
        if ((b.dueAt() == null) == (b.extension() == null)) {
            v.add("dueAt", "give exactly one of dueAt and extension");
            return null;
        }
        if (b.dueAt() != null) {
            if (!b.dueAt().isAfter(now)) {
                v.add("dueAt", "must be in the future");
            } else if (b.dueAt().isAfter(now.plus(Duration.ofDays(3650)))) {
                v.add("dueAt", "must be within P3650D from now");
            }
            return v.isEmpty() ? new CaseCommand.Extend(org.datarecall.platform.jdbc.Times.stored(b.dueAt()), null, reason)
                    : null;
        }
        Duration extension = Durations.parseOrNull(b.extension());
        if (extension == null) {
            v.add("extension", "must be an ISO-8601 duration such as P14D");
            return null;
        }
        if (extension.compareTo(Duration.ofSeconds(1)) < 0 || extension.compareTo(Duration.ofDays(3650)) > 0) {
            v.add("extension", "must be between PT1S and P3650D");
            return null;
        }
        return v.isEmpty() ? new CaseCommand.Extend(null, extension, reason) : null;
    }

    /** A staff member's name, or null (the key given as null, or empty) to give the case to nobody. */
    private static CaseCommand assign(AssignBody b, JsonNode node, Violations v) {
        if (!node.has("owner")) {
            v.add("owner", "is required: a staff member's name, or null for nobody");
            return null;
        }
        String owner = b.owner() == null || b.owner().isBlank() ? null : b.owner().strip();
        if (owner != null && (Violations.characters(owner) > MAX_OWNER || owner.chars().anyMatch(Character::isISOControl))) {
            v.add("owner", "must be a name of at most " + MAX_OWNER + " characters on one line");
            return null;
        }
        return new CaseCommand.Assign(owner, null);
    }

    /** New addresses, checked as the import checks them ({@link EmailAddress#ccList}). */
    private static CaseCommand contact(ContactBody b, Violations v) {
        String reason = reason(b.reason(), v);
        String email = b.email() == null ? null : b.email().strip();
        if (email == null || email.isEmpty()) {
            v.add("email", "is required");
        } else if (!EmailAddress.isValid(email)) {
            v.add("email", "is not a valid email address");
        }
        // No list keeps the case's own (null); an empty one removes it.
        List<String> cc = b.ccEmails() == null ? null
                : EmailAddress.ccList(b.ccEmails(), email, problem -> v.add("ccEmails", problem));
        return v.isEmpty() ? new CaseCommand.UpdateContact(email, cc, reason) : null;
    }

    private static String reason(String reason, Violations v) {
        String checked = v.requireText("reason", reason, MAX_REASON);
        return checked == null ? null : checked.strip();
    }
}
