package org.datarecall.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void metric_names_are_found_and_functions_labels_ranges_and_keywords_are_not() {
        assertThat(PromQl.metricNames(
                "sum by (kind) (increase(datarecall_notices_failed_total{kind=~\"REMINDER|ESCALATION\"}[1h])) > 0"))
                .containsExactly("datarecall_notices_failed_total");
        assertThat(PromQl.metricNames("sum(increase(a_seconds_count{stage=\"NOTIFY\"}[5m])) == 0 or absent(a_seconds_count)"))
                .containsExactly("a_seconds_count");
        assertThat(PromQl.metricNames("delta(max(datarecall_cases{state=\"ESCALATED\"})[1d:5m]) > 1e3"))
                .containsExactly("datarecall_cases");
        assertThat(PromQl.metricNames("sum by (uri) (rate(x_sum[5m])) / on (uri) group_left sum without (pod) (y_count offset 1w)"))
                .containsExactly("x_sum", "y_count");
        assertThat(PromQl.metricNames("max(up) * 100 > bool 50 unless topk (3, z)")).containsExactly("up", "z");
    }
}
