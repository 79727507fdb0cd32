package org.datarecall.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Text limits count what a person typed: characters, not UTF-16 units, and a line break once. */
class ViolationsTest {

    static final String EMOJI = "\uD83D\uDE00";

    @Test
    void a_character_outside_the_bmp_counts_once() {
        assertThat(Violations.characters(EMOJI)).isOne();
        assertThat(Violations.characters("Grüße " + EMOJI)).isEqualTo(7);
    }

    @Test
    void a_required_text_may_be_as_long_as_its_limit_in_characters() {
        Violations v = new Violations();
        assertThat(v.requireText("reason", EMOJI.repeat(2000), 2000)).hasSize(4000);
        v.throwIfAny();

        Violations over = new Violations();
        over.requireText("reason", EMOJI.repeat(2001), 2000);
        assertThatThrownBy(over::throwIfAny).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).violationsByField(f -> f))
                        .containsEntry("reason", "must be at most 2000 characters"));
    }

    @Test
    void a_blank_required_text_is_a_violation() {
        Violations v = new Violations();
        assertThat(v.requireText("reason", "  \n ", 10)).isNull();
        assertThatThrownBy(v::throwIfAny).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).violationsByField(f -> f))
                        .containsExactly(java.util.Map.entry("reason", "must not be blank")));
    }

    @Test
    void a_form_line_break_is_stored_as_one_line_feed() {
        assertThat(Violations.fromForm("first\r\nsecond\r\n\r\nthird")).isEqualTo("first\nsecond\n\nthird");
        assertThat(Violations.fromForm("already\nplain")).isEqualTo("already\nplain");
        assertThat(Violations.fromForm(null)).isNull();
        // 5,000 lines typed in a textarea are 9,999 characters, within a 10,000 limit, as the person sees them.
        String typed = "x\r\n".repeat(4999) + "x";
        assertThat(Violations.characters(Violations.fromForm(typed))).isEqualTo(9999);
    }
}
