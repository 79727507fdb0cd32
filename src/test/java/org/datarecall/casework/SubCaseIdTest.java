package org.datarecall.casework;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A sub-case's developer id: readable when it fits, distinct when it must be shortened. */
class SubCaseIdTest {

    @Test
    void the_parent_and_the_address_when_they_fit() {
        assertThat(CaseWriter.subCaseDeveloperId("dev-1", "Privacy@Analytics.example"))
                .isEqualTo("dev-1/onward/privacy@analytics.example");
    }

    @Test
    void long_parents_that_share_a_start_naming_one_address_stay_apart() {
        String common = "x".repeat(180);
        String a = CaseWriter.subCaseDeveloperId(common + "-a", "dpo@example.com");
        String b = CaseWriter.subCaseDeveloperId(common + "-b", "dpo@example.com");
        assertThat(a).hasSizeLessThanOrEqualTo(200).isNotEqualTo(b);
        assertThat(b).hasSizeLessThanOrEqualTo(200);
    }
}
