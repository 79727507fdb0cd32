package org.datarecall.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.datarecall.campaign.Campaign;
import org.datarecall.campaign.CampaignStatus;
import org.datarecall.campaign.Policy;
import org.datarecall.platform.http.ProblemException;
import org.datarecall.platform.http.Violation;
import org.junit.jupiter.api.Test;

/** Given a campaign and an attestation body, when it is checked, then this statement or these violations by field. */
class AttestationCheckTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final Instant EXPOSURE_START = Instant.parse("2026-01-01T00:00:00Z");
    static final Campaign CAMPAIGN = campaign(EXPOSURE_START);

    static Campaign campaign(Instant exposureStart) {
        return new Campaign(UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057"), "Groups API",
                "members read after revocation", List.of("member names", "profile pictures"),
                Instant.parse("2026-04-01T00:00:00Z"), exposureStart, null, Policy.defaults(), CampaignStatus.ACTIVE,
                "manager", Instant.parse("2026-04-02T00:00:00Z"), Instant.parse("2026-04-03T00:00:00Z"), null);
    }

    /** A complete DELETED attestation; each test changes what it is about. */
    record Body(String kind, String signatoryName, String signatoryTitle, String signatoryEmail,
            List<String> dataCategories, String deletedAt, String method, List<String> systems, Boolean backupsCovered,
            Boolean sharedWithThirdParties, List<String> thirdParties, String retained, String verification,
            String statement, Boolean agreed) {

        static Body deleted() {
            return new Body("DELETED", "Ada Lovelace", "Data Protection Officer", "dpo@example.com",
                    List.of("member names", "profile pictures"), "2026-04-20T09:30:00Z", "PURGE",
                    List.of("primary database", "nightly backups"), true, false, null, null,
                    "queried every table for the group ids", "All copies were deleted.", true);
        }

        static Body neverRetained() {
            return deleted().kind("NEVER_RETAINED").deletedAt(null).method("NOT_APPLICABLE");
        }

        Body kind(String v) {
            return new Body(v, signatoryName, signatoryTitle, signatoryEmail, dataCategories, deletedAt, method,
                    systems, backupsCovered, sharedWithThirdParties, thirdParties, retained, verification, statement,
                    agreed);
        }

        Body signatory(String name, String title, String email) {
            return new Body(kind, name, title, email, dataCategories, deletedAt, method, systems, backupsCovered,
                    sharedWithThirdParties, thirdParties, retained, verification, statement, agreed);
        }

        Body dataCategories(List<String> v) {
            return new Body(kind, signatoryName, signatoryTitle, signatoryEmail, v, deletedAt, method, systems,
                    backupsCovered, sharedWithThirdParties, thirdParties, retained, verification, statement, agreed);
        }

        Body deletedAt(String v) {
            return new Body(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories, v, method, systems,
                    backupsCovered, sharedWithThirdParties, thirdParties, retained, verification, statement, agreed);
        }

        Body method(String v) {
            return new Body(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories, deletedAt, v, systems,
                    backupsCovered, sharedWithThirdParties, thirdParties, retained, verification, statement, agreed);
        }

        Body systems(List<String> v) {
            return new Body(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories, deletedAt, method, v,
                    backupsCovered, sharedWithThirdParties, thirdParties, retained, verification, statement, agreed);
        }

        Body backupsCovered(Boolean v) {
            return new Body(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories, deletedAt, method,
                    systems, v, sharedWithThirdParties, thirdParties, retained, verification, statement, agreed);
        }

        Body shared(Boolean shared, List<String> parties) {
            return new Body(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories, deletedAt, method,
                    systems, backupsCovered, shared, parties, retained, verification, statement, agreed);
        }

        Body texts(String retainedText, String verificationText, String statementText) {
            return new Body(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories, deletedAt, method,
                    systems, backupsCovered, sharedWithThirdParties, thirdParties, retainedText, verificationText,
                    statementText, agreed);
        }

        Body agreed(Boolean v) {
            return new Body(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories, deletedAt, method,
                    systems, backupsCovered, sharedWithThirdParties, thirdParties, retained, verification, statement, v);
        }

        AttestationRequest request() {
            return new AttestationRequest(kind, signatoryName, signatoryTitle, signatoryEmail, dataCategories,
                    deletedAt, method, systems, backupsCovered, sharedWithThirdParties,
                    thirdParties == null ? null : List.<Object>copyOf(thirdParties), retained,
                    verification, statement, agreed, List.of(), null, AUTHORITY);
        }
    }

    static final String AUTHORITY = "Data Protection Officer, mandated by the board.";

    static Statement accepted(Body body) {
        return new AttestationCheck(CAMPAIGN, NOW).check(body.request());
    }

    static List<Violation> violations(Body body) {
        return violations(CAMPAIGN, body);
    }

    static List<Violation> violations(Campaign campaign, Body body) {
        return violations(campaign, body.request(), 0);
    }

    @SuppressWarnings("unchecked")
    static List<Violation> violations(Campaign campaign, AttestationRequest request, int minEvidenceFiles) {
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> new AttestationCheck(campaign, NOW).check(request, minEvidenceFiles, List.of()));
        assertThat(problem).as("the attestation is refused").isNotNull();
        assertThat(problem.status()).isEqualTo(400);
        return (List<Violation>) problem.extensions().get("violations");
    }

    static Violation violation(String field, String message) {
        return new Violation(field, message);
    }

    /** {@code n} characters that each take two UTF-16 units (and four UTF-8 bytes). */
    static String emoji(int n) {
        return "\uD83D\uDE00".repeat(n);
    }

    @Test
    void a_complete_deletion_attestation_is_accepted_as_sent() {
        Statement statement = accepted(Body.deleted());
        assertThat(statement).isEqualTo(new Statement(AttestationKind.DELETED, "Ada Lovelace",
                "Data Protection Officer", "dpo@example.com", List.of("member names", "profile pictures"),
                Instant.parse("2026-04-20T09:30:00Z"), SanitizationMethod.PURGE,
                List.of("primary database", "nightly backups"), true, false, List.of(), null,
                "queried every table for the group ids", "All copies were deleted.", AUTHORITY, List.of()));
    }

    @Test
    void the_statement_is_normalised_trimmed_in_campaign_order_without_blank_entries() {
        Statement statement = accepted(Body.deleted().signatory("  Ada Lovelace ", " DPO", " dpo@example.com ")
                .kind("deleted").method(" purge ")
                .dataCategories(List.of(" profile pictures", "member names", "member names"))
                .systems(Arrays.asList(" ", "primary database ", null, "")).texts(" ", "\n checked \n", null));
        assertThat(statement.signatoryName()).isEqualTo("Ada Lovelace");
        assertThat(statement.signatoryEmail()).isEqualTo("dpo@example.com");
        assertThat(statement.kind()).isEqualTo(AttestationKind.DELETED);
        assertThat(statement.method()).isEqualTo(SanitizationMethod.PURGE);
        assertThat(statement.dataCategories()).containsExactly("member names", "profile pictures");
        assertThat(statement.systems()).containsExactly("primary database");
        assertThat(statement.retained()).isNull();
        assertThat(statement.verification()).isEqualTo("checked");
        assertThat(statement.statement()).isNull();
    }

    @Test
    void a_never_retained_attestation_needs_no_deletion_time() {
        Statement statement = accepted(Body.neverRetained());
        assertThat(statement.kind()).isEqualTo(AttestationKind.NEVER_RETAINED);
        assertThat(statement.deletedAt()).isNull();
        assertThat(statement.method()).isEqualTo(SanitizationMethod.NOT_APPLICABLE);
    }

    @Test
    void the_kind_is_required_and_one_of_two() {
        assertThat(violations(Body.deleted().kind(null))).contains(violation("kind", "is required"));
        assertThat(violations(Body.deleted().kind("ERASED")))
                .contains(violation("kind", "must be one of DELETED, NEVER_RETAINED"));
    }

    @Test
    void a_deletion_needs_its_time() {
        assertThat(violations(Body.deleted().deletedAt(" ")))
                .containsExactly(violation("deletedAt", "is required when the data was deleted"));
    }

    @Test
    void data_never_retained_has_no_deletion_time() {
        assertThat(violations(Body.neverRetained().deletedAt("2026-04-20T09:30:00Z")))
                .containsExactly(violation("deletedAt", "leave empty when the data was never retained"));
    }

    @Test
    void the_deletion_time_must_be_a_date_and_time() {
        for (String text : List.of("yesterday", "2026-04-20", "20/04/2026 09:30")) {
            assertThat(violations(Body.deleted().deletedAt(text))).containsExactly(
                    violation("deletedAt", "must be a date and time in UTC, e.g. 2026-11-20T14:30:00Z"));
        }
    }

    @Test
    void a_deletion_time_without_zone_as_a_browser_sends_it_is_read_as_utc() {
        assertThat(accepted(Body.deleted().deletedAt("2026-04-20T09:30")).deletedAt())
                .isEqualTo(Instant.parse("2026-04-20T09:30:00Z"));
        assertThat(accepted(Body.deleted().deletedAt("2026-04-20T11:30:00+02:00")).deletedAt())
                .isEqualTo(Instant.parse("2026-04-20T09:30:00Z"));
    }

    @Test
    void the_deletion_time_must_not_be_in_the_future() {
        assertThat(accepted(Body.deleted().deletedAt(NOW.toString())).deletedAt()).isEqualTo(NOW);
        assertThat(violations(Body.deleted().deletedAt(NOW.plusSeconds(1).toString())))
                .containsExactly(violation("deletedAt", "must not be in the future"));
    }

    @Test
    void the_deletion_time_must_not_be_before_the_exposure_started() {
        assertThat(accepted(Body.deleted().deletedAt(EXPOSURE_START.toString())).deletedAt())
                .isEqualTo(EXPOSURE_START);
        assertThat(violations(Body.deleted().deletedAt("2025-12-31T23:59:59Z"))).containsExactly(violation(
                "deletedAt", "must not be before the exposure started (2026-01-01T00:00:00Z)"));
        Statement withoutExposure = new AttestationCheck(campaign(null), NOW)
                .check(Body.deleted().deletedAt("2020-01-01T00:00:00Z").request());
        assertThat(withoutExposure.deletedAt()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void the_data_categories_must_include_every_category_of_the_campaign() {
        assertThat(violations(Body.deleted().dataCategories(List.of("member names")))).containsExactly(violation(
                "dataCategories", "must include every data category of the campaign; missing: profile pictures"));
    }

    @Test
    void no_data_categories_asks_for_every_one_of_them() {
        String expected = "confirm every data category of the campaign: member names, profile pictures";
        assertThat(violations(Body.deleted().dataCategories(null))).containsExactly(violation("dataCategories", expected));
        assertThat(violations(Body.deleted().dataCategories(List.of())))
                .containsExactly(violation("dataCategories", expected));
    }

    @Test
    void a_data_category_the_campaign_does_not_have_is_named_by_its_index() {
        assertThat(violations(Body.deleted().dataCategories(List.of("member names", "Profile Pictures",
                "profile pictures")))).containsExactly(
                        violation("dataCategories[1]", "is not a data category of this campaign"));
        assertThat(violations(Body.deleted().dataCategories(Collections.nCopies(51, "member names"))))
                .containsExactly(violation("dataCategories", "at most 50 entries"));
    }

    @Test
    void the_method_is_required_and_must_fit_the_kind() {
        assertThat(violations(Body.deleted().method(null))).containsExactly(violation("method", "is required"));
        assertThat(violations(Body.deleted().method("SHRED")))
                .containsExactly(violation("method", "must be one of CLEAR, PURGE, DESTROY, NOT_APPLICABLE"));
        assertThat(violations(Body.deleted().method("NOT_APPLICABLE")))
                .containsExactly(violation("method", "say how the data was deleted: CLEAR, PURGE or DESTROY"));
        assertThat(violations(Body.neverRetained().method("DESTROY")))
                .containsExactly(violation("method", "must be NOT_APPLICABLE when the data was never retained"));
    }

    @Test
    void at_least_one_system_is_named() {
        assertThat(violations(Body.deleted().systems(null)))
                .containsExactly(violation("systems", "name at least one system"));
        assertThat(violations(Body.deleted().systems(List.of(" ", ""))))
                .containsExactly(violation("systems", "name at least one system"));
    }

    @Test
    void at_most_a_hundred_systems_of_at_most_500_characters() {
        List<String> hundred = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            hundred.add("system " + i);
        }
        hundred.set(99, "s".repeat(500));
        assertThat(accepted(Body.deleted().systems(hundred)).systems()).hasSize(100);
        List<String> more = new ArrayList<>(hundred);
        more.add("system 101");
        assertThat(violations(Body.deleted().systems(more)))
                .containsExactly(violation("systems", "at most 100 entries"));
        hundred.set(99, "s".repeat(501));
        assertThat(violations(Body.deleted().systems(hundred)))
                .containsExactly(violation("systems[99]", "must be at most 500 characters"));
    }

    @Test
    void whether_backups_were_covered_must_be_said() {
        assertThat(violations(Body.deleted().backupsCovered(null)))
                .containsExactly(violation("backupsCovered", "is required"));
        assertThat(accepted(Body.deleted().backupsCovered(false)).backupsCovered()).isFalse();
    }

    @Test
    void whether_the_data_was_shared_must_be_said() {
        assertThat(violations(Body.deleted().shared(null, null)))
                .containsExactly(violation("sharedWithThirdParties", "is required"));
    }

    @Test
    void data_shared_with_third_parties_needs_them_named() {
        assertThat(violations(Body.deleted().shared(true, null)))
                .containsExactly(violation("thirdParties", "name at least one third party"));
        assertThat(violations(Body.deleted().shared(true, List.of(" "))))
                .containsExactly(violation("thirdParties", "name at least one third party"));
        assertThat(accepted(Body.deleted().shared(true, List.of(" Analytics Ltd "))).thirdParties())
                .containsExactly(new ThirdParty("Analytics Ltd", null));
    }

    @Test
    void third_parties_are_named_only_when_the_data_was_shared() {
        assertThat(violations(Body.deleted().shared(false, List.of("Analytics Ltd")))).containsExactly(
                violation("thirdParties", "name third parties only when the data was shared with them"));
        assertThat(accepted(Body.deleted().shared(false, List.of(" "))).thirdParties()).isEmpty();
    }

    @Test
    void the_statement_must_be_agreed_to() {
        Violation notAgreed = violation("agreed", "you must confirm that the statement is true and complete");
        assertThat(violations(Body.deleted().agreed(false))).containsExactly(notAgreed);
        assertThat(violations(Body.deleted().agreed(null))).containsExactly(notAgreed);
    }

    @Test
    void the_signatory_is_named_with_a_title_and_an_address() {
        assertThat(violations(Body.deleted().signatory(null, " ", null))).containsExactly(
                violation("signatoryName", "is required"), violation("signatoryTitle", "is required"),
                violation("signatoryEmail", "is required"));
        assertThat(violations(Body.deleted().signatory("Ada", "DPO", "dpo at example.com")))
                .containsExactly(violation("signatoryEmail", "must be an email address"));
    }

    @Test
    void signatory_fields_are_single_lines_of_at_most_200_characters() {
        assertThat(violations(Body.deleted().signatory("Ada\r\nBcc: someone@example.com", "D\tPO", "dpo@example.com")))
                .containsExactly(violation("signatoryName", "must be a single line of text"),
                        violation("signatoryTitle", "must be a single line of text"));
        assertThat(accepted(Body.deleted().signatory("n".repeat(200), "DPO", "dpo@example.com")).signatoryName())
                .hasSize(200);
        assertThat(violations(Body.deleted().signatory("n".repeat(201), "DPO", "dpo@example.com")))
                .containsExactly(violation("signatoryName", "must be at most 200 characters"));
    }

    @Test
    void long_texts_keep_line_breaks_and_tabs_but_no_other_control_character() {
        assertThat(accepted(Body.deleted().texts("a\r\nb", "c\td", "e\nf")).statement()).isEqualTo("e\nf");
        assertThat(violations(Body.deleted().texts("a\u0000b", "c\u001bd", "e\u0007f"))).containsExactly(
                violation("retained", "must not contain control characters"),
                violation("verification", "must not contain control characters"),
                violation("statement", "must not contain control characters"));
    }

    @Test
    void retained_and_verification_hold_2000_characters_and_the_statement_10000() {
        Statement atLimit = accepted(Body.deleted().texts("r".repeat(2000), "v".repeat(2000), "s".repeat(10_000)));
        assertThat(atLimit.statement()).hasSize(10_000);
        assertThat(violations(Body.deleted().texts("r".repeat(2001), "v".repeat(2001), "s".repeat(10_001))))
                .containsExactly(violation("retained", "must be at most 2000 characters"),
                        violation("verification", "must be at most 2000 characters"),
                        violation("statement", "must be at most 10000 characters"));
    }

    @Test
    void the_limits_count_characters_not_bytes_or_utf_16_units() {
        String german = "Löschung geprüft; ".repeat(120).substring(0, 2000);
        assertThat(accepted(Body.deleted().texts(null, german, null)).verification()).isEqualTo(german);
        Statement atLimit = accepted(Body.deleted().texts(emoji(2000), "\u4E2D".repeat(2000), emoji(10_000)));
        assertThat(atLimit.retained()).isEqualTo(emoji(2000));
        assertThat(atLimit.statement()).isEqualTo(emoji(10_000));
        assertThat(accepted(Body.deleted().signatory(emoji(200), "DPO", "dpo@example.com")).signatoryName())
                .isEqualTo(emoji(200));
        assertThat(accepted(Body.deleted().systems(List.of(emoji(500)))).systems()).containsExactly(emoji(500));
        assertThat(violations(Body.deleted().texts(emoji(2001), null, emoji(10_001)))).containsExactly(
                violation("retained", "must be at most 2000 characters"),
                violation("statement", "must be at most 10000 characters"));
    }

    @Test
    void every_invalid_field_is_reported_in_one_answer() {
        List<Violation> all = violations(CAMPAIGN, new AttestationRequest(null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null), 0);
        assertThat(all).extracting(Violation::field).containsExactly("kind", "signatoryName", "signatoryTitle",
                "signatoryEmail", "dataCategories", "method", "systems", "backupsCovered", "sharedWithThirdParties",
                "agreed", "authority");
    }

    /** The same body with other evidence ids and authority. */
    static AttestationRequest with(AttestationRequest r, List<String> evidence, String authority) {
        return new AttestationRequest(r.kind(), r.signatoryName(), r.signatoryTitle(), r.signatoryEmail(),
                r.dataCategories(), r.deletedAt(), r.method(), r.systems(), r.backupsCovered(),
                r.sharedWithThirdParties(), r.thirdParties(), r.retained(), r.verification(), r.statement(), r.agreed(),
                evidence, r.signatoryCode(), authority);
    }

    static List<String> ids(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> java.util.UUID.randomUUID().toString()).toList();
    }

    @Test
    void the_signatory_states_its_authority_in_at_most_2000_characters() {
        AttestationRequest r = Body.deleted().request();
        assertThat(new AttestationCheck(CAMPAIGN, NOW).check(r).authority()).isEqualTo(AUTHORITY);
        assertThat(violations(CAMPAIGN, with(r, List.of(), "  "), 0)).containsExactly(violation("authority",
                "is required: say why you may sign for the developer (your role, a mandate)"));
        assertThat(violations(CAMPAIGN, with(r, List.of(), emoji(2001)), 0)).containsExactly(
                violation("authority", "must be at most 2000 characters"));
        assertThat(new AttestationCheck(CAMPAIGN, NOW).check(with(r, List.of(), emoji(2000))).authority())
                .isEqualTo(emoji(2000));
    }

    @Test
    void evidence_lists_at_most_20_distinct_file_ids() {
        AttestationRequest r = Body.deleted().request();
        List<String> twenty = ids(20);
        assertThat(new AttestationCheck(CAMPAIGN, NOW).check(with(r, twenty, AUTHORITY)).evidence())
                .extracting(java.util.UUID::toString).containsExactlyElementsOf(twenty);
        assertThat(violations(CAMPAIGN, with(r, ids(21), AUTHORITY), 0)).containsExactly(
                violation("evidence", "at most 20 files"));
        String once = twenty.getFirst();
        assertThat(violations(CAMPAIGN, with(r, List.of(once, "not-an-id", once), AUTHORITY), 0)).containsExactly(
                violation("evidence[1]", "is not the id of an uploaded file"), violation("evidence[2]", "is listed twice"));
    }

    @Test
    void a_minimum_of_evidence_files_is_a_field_error_below_it() {
        AttestationRequest r = Body.deleted().request();
        assertThat(violations(CAMPAIGN, with(r, List.of(), AUTHORITY), 1)).containsExactly(
                violation("evidence", "attach at least 1 file of evidence to this attestation"));
        assertThat(violations(CAMPAIGN, with(r, ids(2), AUTHORITY), 3)).containsExactly(
                violation("evidence", "attach at least 3 files of evidence to this attestation"));
        assertThat(new AttestationCheck(CAMPAIGN, NOW).check(with(r, ids(3), AUTHORITY), 3, List.of()).evidence())
                .hasSize(3);
        assertThat(new AttestationCheck(CAMPAIGN, NOW).check(with(r, List.of(), AUTHORITY), 0, List.of()).evidence())
                .isEmpty();
    }
}
