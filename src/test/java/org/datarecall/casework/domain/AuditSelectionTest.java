package org.datarecall.casework.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class AuditSelectionTest {

    static final UUID CAMPAIGN = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
    static final UUID CASE = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8058");

    static AuditRule policy(AuditMode mode, double rate, boolean highRisk) {
        return new AuditRule(mode, rate, highRisk);
    }

    @Test
    void the_draw_is_reproducible_from_the_ids_alone() {
        // printf '%s' "$campaign:$case" | sha256sum → 8169bea51231a3ba…; (0x8169bea51231a3ba >> 11) / 2^53
        assertThat(AuditSelection.draw(CAMPAIGN, CASE)).isEqualTo(0.5055197861676732);
        assertThat(AuditSelection.decide(policy(AuditMode.SAMPLE, 0.51, false), CAMPAIGN, CASE, RiskTier.STANDARD))
                .isEqualTo(new AuditSelection.Selection(true, "sample: draw 0.505520 < rate 0.51"));
        assertThat(AuditSelection.decide(policy(AuditMode.SAMPLE, 0.5, false), CAMPAIGN, CASE, RiskTier.STANDARD))
                .isEqualTo(new AuditSelection.Selection(false, "sample: draw 0.505520 >= rate 0.5"));
    }

    @Test
    void modes_and_high_risk() {
        assertThat(AuditSelection.decide(policy(AuditMode.ALL, 0, false), CAMPAIGN, CASE, RiskTier.STANDARD).audit())
                .isTrue();
        assertThat(AuditSelection.decide(policy(AuditMode.NONE, 1, true), CAMPAIGN, CASE, RiskTier.HIGH).audit())
                .isFalse();
        assertThat(AuditSelection.decide(policy(AuditMode.SAMPLE, 0, true), CAMPAIGN, CASE, RiskTier.HIGH))
                .isEqualTo(new AuditSelection.Selection(true, "HIGH risk is always audited"));
        assertThat(AuditSelection.decide(policy(AuditMode.SAMPLE, 0, false), CAMPAIGN, CASE, RiskTier.HIGH).audit())
                .isFalse();
        assertThat(AuditSelection.decide(policy(AuditMode.SAMPLE, 1, false), CAMPAIGN, CASE, RiskTier.STANDARD).audit())
                .isTrue();
    }

    @Test
    void a_sample_rate_selects_about_that_share() {
        int selected = 0;
        for (int i = 0; i < 10_000; i++) {
            if (AuditSelection.decide(policy(AuditMode.SAMPLE, 0.1, false), CAMPAIGN, UUID.randomUUID(),
                    RiskTier.STANDARD).audit()) {
                selected++;
            }
        }
        assertThat(selected).isBetween(850, 1150);
    }
}
