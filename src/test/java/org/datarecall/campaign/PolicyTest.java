package org.datarecall.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.datarecall.campaign.PolicyDocument.AuditDocument;
import org.datarecall.campaign.PolicyDocument.HighRiskDocument;
import org.datarecall.casework.domain.AuditRule;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.casework.domain.RoundRules;
import org.datarecall.casework.domain.AuditMode;
import org.datarecall.platform.http.Violation;
import org.datarecall.platform.http.Violations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Given a policy document, when it is checked, then this policy or these violations, each naming its field. */
class PolicyTest {

    static final String WINDOW_RANGE = "must be between PT1S and P3650D";
    static final String NOT_A_DURATION = "must be an ISO-8601 duration such as P30D or PT12H (no months or years)";

    /** What checking a document gave: the policy, or null and every violation. */
    record Checked(Policy policy, List<Violation> violations) {
    }

    static Checked check(PolicyDocument document) {
        Violations violations = new Violations();
        Policy policy = Policy.from(document, "policy.", violations);
        return new Checked(policy, violations.list());
    }

    static PolicyDocument empty() {
        return new PolicyDocument(null, null, null, null, null, null, null);
    }

    static PolicyDocument window(String attestationWindow) {
        return new PolicyDocument(attestationWindow, null, null, null, null, null, null);
    }

    static PolicyDocument delay(String deletionRequestDelay) {
        return new PolicyDocument(null, null, null, deletionRequestDelay, null, null, null);
    }

    static PolicyDocument offsets(List<String> reminderOffsets) {
        return new PolicyDocument(null, reminderOffsets, null, null, null, null, null);
    }

    static PolicyDocument audit(String mode, Double sampleRate, Boolean alwaysAuditHighRisk) {
        return new PolicyDocument(null, null, null, null, null, new AuditDocument(mode, sampleRate, alwaysAuditHighRisk),
                null);
    }

    static PolicyDocument reRequests(Integer maxReRequests) {
        return new PolicyDocument(null, null, null, null, null, null, maxReRequests);
    }

    @Test
    void the_defaults_are_those_of_spec() {
        Policy defaults = Policy.defaults();
        assertThat(defaults).isEqualTo(new Policy(Duration.ofDays(30),
                List.of(Duration.ofDays(-7), Duration.ofDays(-1), Duration.ofDays(3)), Duration.ofDays(14), Duration.ZERO,
                Duration.ofDays(60), AuditMode.SAMPLE, 0.1, true, 2));
        assertThat(defaults.toDocument()).isEqualTo(new PolicyDocument("P30D", List.of("-P7D", "-P1D", "P3D"), "P14D",
                "PT0S", "P60D", new AuditDocument("SAMPLE", 0.1, true), 2));
    }

    @Test
    void no_document_or_an_empty_one_gives_the_defaults() {
        assertThat(check(null)).isEqualTo(new Checked(Policy.defaults(), List.of()));
        assertThat(check(empty())).isEqualTo(new Checked(Policy.defaults(), List.of()));
        assertThat(check(audit(null, null, null))).isEqualTo(new Checked(Policy.defaults(), List.of()));
    }

    @Test
    void given_fields_replace_their_defaults_only() {
        Policy policy = check(new PolicyDocument("P10D", null, "PT36H", null, null, audit("all", null, false).audit(),
                0)).policy();
        assertThat(policy).isEqualTo(new Policy(Duration.ofDays(10), Policy.defaults().reminderOffsets(),
                Duration.ofHours(36), Duration.ZERO, Duration.ofDays(60), AuditMode.ALL, 0.1, false, 0));
    }

    @Test
    void a_stored_policy_reads_back_as_itself() {
        Policy policy = new Policy(Duration.ofSeconds(1), List.of(Duration.ofDays(-3650), Duration.ofMinutes(-90),
                Duration.ZERO, Duration.ofDays(1).plusHours(2).plusMinutes(30)), Duration.ofDays(3650), Duration.ofHours(12),
                Duration.ofSeconds(90_061), AuditMode.NONE, 0.0, false, 20);
        assertThat(policy.toDocument().reminderOffsets()).containsExactly("-P3650D", "-PT1H30M", "PT0S", "P1DT2H30M");
        assertThat(policy.toDocument().recentAccessWindow()).isEqualTo("P1DT1H1M1S");
        assertThat(check(policy.toDocument())).isEqualTo(new Checked(policy, List.of()));
    }

    @Test
    void durations_from_one_second_to_ten_years_are_accepted() {
        assertThat(check(window("PT1S")).policy().attestationWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(check(window("P3650D")).policy().attestationWindow()).isEqualTo(Duration.ofDays(3650));
        assertThat(check(window("PT87600H")).policy().attestationWindow()).isEqualTo(Duration.ofDays(3650));
        assertThat(check(window(" p2dt3h ")).policy().attestationWindow()).isEqualTo(Duration.ofHours(51));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT0.999S", "-P1D", "P3650DT1S", "P3651D"})
    void a_duration_out_of_range_names_its_field_and_the_range(String text) {
        assertThat(check(window(text))).isEqualTo(new Checked(null,
                List.of(new Violation("policy.attestationWindow", WINDOW_RANGE))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30 days", "P1M", "P1Y", "P1W", "30", "", "PT", "P99999999999999999999D"})
    void text_that_is_no_iso_duration_in_days_and_time_is_refused(String text) {
        assertThat(check(window(text)).violations())
                .containsExactly(new Violation("policy.attestationWindow", NOT_A_DURATION));
    }

    @Test
    void each_duration_field_is_checked_under_its_own_name() {
        Checked checked = check(new PolicyDocument("P0D", null, "P0D", "-PT1S", "P0D", null, null));
        assertThat(checked.policy()).isNull();
        assertThat(checked.violations()).containsExactly(
                new Violation("policy.attestationWindow", WINDOW_RANGE),
                new Violation("policy.escalateAfter", WINDOW_RANGE),
                new Violation("policy.deletionRequestDelay", "must be between PT0S and P3650D"),
                new Violation("policy.recentAccessWindow", WINDOW_RANGE));
    }

    @Test
    void the_deletion_request_may_follow_the_notice_at_once() {
        assertThat(check(delay("PT0S")).policy().deletionRequestDelay()).isZero();
        assertThat(check(delay("P3650D")).policy().deletionRequestDelay()).isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void reminder_offsets_may_be_negative_and_come_back_in_time_order() {
        assertThat(check(offsets(List.of("P3D", "-P7D", "PT0S", "-PT12H", "-P3650D", "P3650D"))).policy()
                .reminderOffsets()).containsExactly(Duration.ofDays(-3650), Duration.ofDays(-7), Duration.ofHours(-12),
                        Duration.ZERO, Duration.ofDays(3), Duration.ofDays(3650));
        assertThat(check(offsets(List.of())).policy().reminderOffsets()).isEmpty();
    }

    @Test
    void each_bad_reminder_offset_is_named_by_its_index() {
        Checked checked = check(offsets(Arrays.asList("-P7D", "-P3651D", "P1M", null, "-PT168H", "P3650DT1S")));
        assertThat(checked.policy()).isNull();
        assertThat(checked.violations()).containsExactly(
                new Violation("policy.reminderOffsets[1]", "must be between -P3650D and P3650D"),
                new Violation("policy.reminderOffsets[2]",
                        "must be an ISO-8601 duration such as -P7D or P3D (no months or years)"),
                new Violation("policy.reminderOffsets[3]",
                        "must be an ISO-8601 duration such as -P7D or P3D (no months or years)"),
                new Violation("policy.reminderOffsets[4]", "repeats an earlier offset"),
                new Violation("policy.reminderOffsets[5]", "must be between -P3650D and P3650D"));
    }

    @Test
    void at_most_twenty_reminder_offsets() {
        List<String> twenty = new ArrayList<>();
        for (int day = 1; day <= 20; day++) {
            twenty.add("P" + day + "D");
        }
        assertThat(check(offsets(twenty)).policy().reminderOffsets()).hasSize(20);
        twenty.add("P21D");
        assertThat(check(offsets(twenty)).violations())
                .containsExactly(new Violation("policy.reminderOffsets", "must have at most 20 entries"));
        assertThat(check(offsets(Collections.nCopies(21, "P1D"))).violations())
                .containsExactly(new Violation("policy.reminderOffsets", "must have at most 20 entries"));
    }

    @Test
    void the_sample_rate_is_a_share_from_zero_to_one() {
        assertThat(check(audit(null, 0.0, null)).policy().sampleRate()).isZero();
        assertThat(check(audit(null, 1.0, null)).policy().sampleRate()).isEqualTo(1.0);
        assertThat(check(audit(null, 0.25, null)).policy().sampleRate()).isEqualTo(0.25);
        for (double rate : new double[] {-0.01, 1.01, 10, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThat(check(audit(null, rate, null))).isEqualTo(new Checked(null,
                    List.of(new Violation("policy.audit.sampleRate", "must be between 0 and 1"))));
        }
    }

    @Test
    void the_audit_mode_is_read_in_any_case_and_an_unknown_one_lists_the_modes() {
        assertThat(check(audit(" none ", null, null)).policy().auditMode()).isEqualTo(AuditMode.NONE);
        assertThat(check(audit("Sample", null, null)).policy().auditMode()).isEqualTo(AuditMode.SAMPLE);
        assertThat(check(audit("RANDOM", null, null))).isEqualTo(new Checked(null,
                List.of(new Violation("policy.audit.mode", "must be one of ALL, SAMPLE, NONE"))));
        assertThat(check(audit(" ", null, null)).violations())
                .containsExactly(new Violation("policy.audit.mode", "is required"));
    }

    @Test
    void high_risk_auditing_can_be_switched_off() {
        assertThat(check(audit(null, null, false)).policy().alwaysAuditHighRisk()).isFalse();
    }

    @Test
    void re_requests_are_counted_from_zero_to_twenty() {
        assertThat(check(reRequests(0)).policy().maxReRequests()).isZero();
        assertThat(check(reRequests(20)).policy().maxReRequests()).isEqualTo(20);
        for (int n : new int[] {-1, 21}) {
            assertThat(check(reRequests(n))).isEqualTo(new Checked(null,
                    List.of(new Violation("policy.maxReRequests", "must be between 0 and 20"))));
        }
    }

    @Test
    void every_invalid_field_is_reported_in_one_answer() {
        Checked checked = check(new PolicyDocument("P1M", List.of("x"), "PT0S", "-P1D", "P0D",
                new AuditDocument("SOME", 2.0, null), 99));
        assertThat(checked.policy()).isNull();
        assertThat(checked.violations()).extracting(Violation::field).containsExactly("policy.attestationWindow",
                "policy.escalateAfter", "policy.deletionRequestDelay", "policy.recentAccessWindow",
                "policy.reminderOffsets[0]", "policy.audit.mode", "policy.audit.sampleRate", "policy.maxReRequests");
    }

    @Test
    void a_stored_policy_is_read_without_a_prefix() {
        Violations violations = new Violations();
        assertThat(Policy.from(window("P0D"), "", violations)).isNull();
        assertThat(violations.list()).containsExactly(new Violation("attestationWindow", WINDOW_RANGE));
    }

    static PolicyDocument highRisk(HighRiskDocument high) {
        return new PolicyDocument("P30D", List.of("-P7D", "P3D"), "P14D", null, null,
                new AuditDocument("SAMPLE", 0.0, false), null, high);
    }

    @Test
    void high_cases_follow_their_block_and_take_the_general_rules_where_it_is_silent() {
        Policy policy = check(highRisk(new HighRiskDocument("P10D", null, null, null, "ALL"))).policy();
        assertThat(policy.roundRules(RiskTier.HIGH)).isEqualTo(new RoundRules(Duration.ofDays(10), 2,
                List.of(Duration.ofDays(-7), Duration.ofDays(3)), Duration.ofDays(14)));
        assertThat(policy.roundRules(RiskTier.STANDARD).attestationWindow()).isEqualTo(Duration.ofDays(30));
        assertThat(policy.minEvidenceFiles(RiskTier.HIGH)).as("one file when the block is given").isEqualTo(1);
        assertThat(policy.minEvidenceFiles(RiskTier.STANDARD)).isZero();
        assertThat(policy.auditRule(RiskTier.HIGH).mode()).isEqualTo(AuditMode.ALL);
        assertThat(policy.auditRule(RiskTier.STANDARD).mode()).isEqualTo(AuditMode.SAMPLE);
        assertThat(policy.toDocument().highRisk()).isEqualTo(
                new HighRiskDocument("P10D", List.of("-P7D", "P3D"), "P14D", 1, "ALL"));
        assertThat(check(policy.toDocument()).policy()).as("the stored form reads back the same").isEqualTo(policy);
    }

    @Test
    void without_a_block_high_cases_follow_the_general_rules() {
        Policy policy = Policy.defaults();
        assertThat(policy.roundRules(RiskTier.HIGH)).isEqualTo(policy.roundRules(RiskTier.STANDARD));
        assertThat(policy.minEvidenceFiles(RiskTier.HIGH)).isZero();
        assertThat(policy.auditRule(RiskTier.HIGH)).isEqualTo(new AuditRule(AuditMode.SAMPLE, 0.1, true));
        assertThat(policy.toDocument().highRisk()).isNull();
    }

    @Test
    void a_high_block_is_checked_like_the_rest_and_every_problem_is_named() {
        Checked checked = check(highRisk(new HighRiskDocument("P0D", List.of("-P1D", "x", "-P1D"), "P1M", 21, "MOST")));
        assertThat(checked.policy()).isNull();
        assertThat(checked.violations()).extracting(Violation::field).containsExactly("policy.highRisk.attestationWindow",
                "policy.highRisk.escalateAfter", "policy.highRisk.reminderOffsets[1]",
                "policy.highRisk.reminderOffsets[2]", "policy.highRisk.minEvidenceFiles", "policy.highRisk.auditMode");
        assertThat(check(highRisk(new HighRiskDocument(null, null, null, 20, null))).policy().minEvidenceFiles(
                RiskTier.HIGH)).isEqualTo(20);
        assertThat(check(highRisk(new HighRiskDocument(null, null, null, -1, null))).violations())
                .containsExactly(new Violation("policy.highRisk.minEvidenceFiles", "must be between 0 and 20"));
    }
}
