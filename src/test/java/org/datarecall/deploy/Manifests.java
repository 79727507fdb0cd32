package org.datarecall.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** Lookups over the objects a Kustomize directory renders to (as JSON trees). */
final class Manifests {

    private Manifests() {
    }

    static Stream<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind));
    }

    static Optional<JsonNode> find(List<JsonNode> objects, String kind) {
        return ofKind(objects, kind).findFirst();
    }

    /** The one object of the kind; fails when there is none or more than one. */
    static JsonNode one(List<JsonNode> objects, String kind) {
        List<JsonNode> found = ofKind(objects, kind).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.getFirst();
    }

    static Optional<JsonNode> named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).filter(o -> name(o).equals(name)).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    /** "Kind/name", as problems name an object. */
    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    /** The pod template's spec of a Deployment or Job. */
    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    /**
     * The environment of the workload's first container: the rendered ConfigMaps it reads whole, then
     * its own plain variables, which win.
     */
    static Map<String, String> environment(List<JsonNode> objects, JsonNode workload) {
        JsonNode container = podSpec(workload).path("containers").path(0);
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            named(objects, "ConfigMap", from.path("configMapRef").path("name").asText())
                    .ifPresent(map -> map.path("data").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText())));
        }
        for (JsonNode variable : container.path("env")) {
            if (variable.has("value")) {
                env.put(variable.path("name").asText(), variable.path("value").asText());
            }
        }
        return env;
    }

    /** The service's settings as the workload's container sees them. */
    static ServiceSettings settings(List<JsonNode> objects, JsonNode workload) {
        return ServiceSettings.withEnvironment(environment(objects, workload));
    }
}
