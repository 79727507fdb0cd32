package org.datarecall.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The custom resources the optional components ship, which the Kubernetes Java model does not know:
 * each is checked as structured YAML for its API group and the fields its operator requires, and for
 * what we rely on (every alert routed and explained, backups reading their credentials from a Secret).
 */
final class CustomResources {

    /** Each kind we ship, with the API version its operator serves. */
    static final Map<String, String> API_VERSIONS = Map.of(
            "Cluster", "postgresql.cnpg.io/v1",
            "Pooler", "postgresql.cnpg.io/v1",
            "ScheduledBackup", "postgresql.cnpg.io/v1",
            "ServiceMonitor", "monitoring.coreos.com/v1",
            "PrometheusRule", "monitoring.coreos.com/v1",
            "HTTPRoute", "gateway.networking.k8s.io/v1");

    private CustomResources() {
    }

    static boolean knows(String kind) {
        return API_VERSIONS.containsKey(kind);
    }

    static List<String> problems(JsonNode doc) {
        String kind = doc.path("kind").asText();
        String name = Manifests.id(doc);
        List<String> problems = new ArrayList<>();
        if (!doc.path("apiVersion").asText().equals(API_VERSIONS.get(kind))) {
            problems.add(name + ": apiVersion " + doc.path("apiVersion").asText() + ", expected " + API_VERSIONS.get(kind));
        }
        if (Manifests.name(doc).isEmpty()) {
            problems.add(name + ": no metadata.name");
        }
        JsonNode spec = doc.path("spec");
        switch (kind) {
            case "Cluster" -> {
                require(problems, name, spec, "instances", "storage/size");
                JsonNode store = spec.path("backup").path("barmanObjectStore");
                if (!store.isMissingNode()) {
                    require(problems, name, store, "destinationPath", "s3Credentials/accessKeyId/name",
                            "s3Credentials/accessKeyId/key", "s3Credentials/secretAccessKey/name",
                            "s3Credentials/secretAccessKey/key");
                }
            }
            case "Pooler" -> {
                require(problems, name, spec, "cluster/name", "type", "pgbouncer/poolMode");
                if (spec.path("cluster").path("name").asText().equals(Manifests.name(doc))) {
                    problems.add(name + ": a Pooler may not have its Cluster's name");
                }
            }
            case "ScheduledBackup" -> require(problems, name, spec, "schedule", "cluster/name");
            case "ServiceMonitor" -> {
                require(problems, name, spec, "selector/matchLabels");
                if (spec.path("endpoints").isEmpty()) {
                    problems.add(name + ": no endpoints");
                }
                spec.path("endpoints").forEach(e -> require(problems, name + " endpoint", e, "port", "path"));
            }
            case "PrometheusRule" -> alertingRules(name, spec, problems);
            case "HTTPRoute" -> {
                if (spec.path("parentRefs").isEmpty() || spec.path("rules").isEmpty()) {
                    problems.add(name + ": parentRefs and rules are required");
                }
                for (JsonNode rule : spec.path("rules")) {
                    rule.path("backendRefs").forEach(b -> require(problems, name + " backendRef", b, "name", "port"));
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return problems;
    }

    /** Every alert says what it is, how long it must hold, how urgent it is and, in a line, what happened. */
    private static void alertingRules(String name, JsonNode spec, List<String> problems) {
        if (spec.path("groups").isEmpty()) {
            problems.add(name + ": no rule groups");
        }
        for (JsonNode group : spec.path("groups")) {
            require(problems, name, group, "name");
            if (group.path("rules").isEmpty()) {
                problems.add(name + " group " + group.path("name").asText() + ": no rules");
            }
            for (JsonNode rule : group.path("rules")) {
                require(problems, name + " rule " + rule.path("alert").asText("(unnamed)"), rule, "alert", "expr", "for",
                        "labels/severity", "annotations/summary");
            }
        }
    }

    /** Each slash-separated path must lead to a non-empty value. */
    private static void require(List<String> problems, String where, JsonNode node, String... paths) {
        for (String path : paths) {
            JsonNode value = node.at("/" + path);
            boolean empty = value.isContainerNode() ? value.isEmpty() : value.asText().isEmpty();
            if (value.isMissingNode() || value.isNull() || empty) {
                problems.add(where + ": " + path.replace('/', '.') + " is required");
            }
        }
    }
}
