package org.datarecall.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The expressions of the monitoring component's alerts and dashboards, as written in k8s/optional/monitoring. */
final class MonitoringBundle {

    static final Path DIR = Path.of("k8s/optional/monitoring");

    private MonitoringBundle() {
    }

    /** Every alert's expression. */
    static List<String> alertExpressions() throws IOException {
        JsonNode rule = new YAMLMapper().readTree(DIR.resolve("prometheusrule.yaml").toFile());
        List<String> expressions = new ArrayList<>();
        rule.path("spec").path("groups")
                .forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
        return expressions;
    }

    /** Every query of every panel of every dashboard shipped. */
    static List<String> dashboardExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JsonMapper.builder().build().readTree(file.toFile());
            dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        }
        return expressions;
    }

    static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DIR.resolve("dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The metric names the alerts and dashboards read. */
    static Set<String> metricNames() throws IOException {
        Set<String> names = new TreeSet<>();
        Stream.concat(alertExpressions().stream(), dashboardExpressions().stream())
                .forEach(e -> names.addAll(PromQl.metricNames(e)));
        return names;
    }
}
