package org.datarecall.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import org.datarecall.testing.Management;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Every metric the alerts and the dashboard of k8s/optional/monitoring read is one the service exports —
 * from the start, before any sweep, mail or failure: a counter that appears only at its first increment
 * is invisible to increase() (it has no earlier sample to rise from), so the first failed mail or sweep
 * stage would raise no alert.
 */
@QuarkusTest
class MonitoringRulesTest {

    @Test
    void alerts_and_dashboards_read_only_metrics_the_service_exports() throws Exception {
        // HTTP request metrics appear with the first request to the application.
        RestAssured.given().get("/login").then().statusCode(200);

        Set<String> used = MonitoringBundle.metricNames();
        assertThat(used).as("the bundle reads the service's own metrics").anyMatch(n -> n.startsWith("datarecall_"));
        Set<String> exported = exportedUntil(used);
        assertThat(exported).as("metrics on /q/metrics of the management port").containsAll(used);
    }

    /**
     * The sample names on /q/metrics; read again for a moment while some are missing, as a request is
     * counted once its answer has gone out.
     */
    private static Set<String> exportedUntil(Set<String> wanted) throws InterruptedException {
        Set<String> names = new TreeSet<>();
        for (int attempt = 0; attempt < 20; attempt++) {
            names = sampleNames(Management.given().get("/q/metrics").then().statusCode(200).extract().asString());
            if (names.containsAll(wanted)) {
                break;
            }
            Thread.sleep(100);
        }
        return names;
    }

    /** The names of the samples in a Prometheus text exposition: each line's name, before its labels or value. */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
