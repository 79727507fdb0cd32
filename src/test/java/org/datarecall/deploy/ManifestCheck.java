package org.datarecall.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Renders a Kustomize directory with {@code kubectl kustomize} and checks every object offline: against
 * the Kubernetes API model (the official Java model refuses unknown fields and wrong types) or, for the
 * operators' custom resources, their required fields ({@link CustomResources}); then against our own
 * rules for each object (probes, resources, pinned images, no plaintext secrets, non-root) and for how
 * the objects fit together ({@link Wiring}).
 */
final class ManifestCheck {

    /** The API kinds we ship, each with the model that parses it strictly. */
    private static final Map<String, Function<String, Object>> MODELS = Map.of(
            "Deployment", json -> parse(V1Deployment::fromJson, json),
            "Job", json -> parse(V1Job::fromJson, json),
            "Service", json -> parse(V1Service::fromJson, json),
            "ConfigMap", json -> parse(V1ConfigMap::fromJson, json),
            "ServiceAccount", json -> parse(V1ServiceAccount::fromJson, json),
            "PodDisruptionBudget", json -> parse(V1PodDisruptionBudget::fromJson, json),
            "HorizontalPodAutoscaler", json -> parse(V2HorizontalPodAutoscaler::fromJson, json),
            "NetworkPolicy", json -> parse(V1NetworkPolicy::fromJson, json),
            "Ingress", json -> parse(V1Ingress::fromJson, json),
            "Secret", json -> parse(V1Secret::fromJson, json));

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    interface Parser {
        Object parse(String json) throws IOException;
    }

    private ManifestCheck() {
    }

    /** Every problem found in the rendered directory; empty when it is fine. */
    static List<String> check(Path kustomization) throws Exception {
        List<String> problems = new ArrayList<>();
        String rendered = render(kustomization, problems);
        if (rendered == null) {
            return problems;
        }
        List<JsonNode> objects = documents(rendered);
        for (JsonNode doc : objects) {
            String kind = doc.path("kind").asText();
            String name = kind + "/" + doc.path("metadata").path("name").asText();
            Function<String, Object> model = MODELS.get(kind);
            if (model == null) {
                if (CustomResources.knows(kind)) {
                    problems.addAll(CustomResources.problems(doc));
                } else {
                    problems.add(name + ": kind not known to this check");
                }
                continue;
            }
            try {
                model.apply(JSON.writeValueAsString(doc));
            } catch (RuntimeException e) {
                problems.add(name + ": " + e.getMessage());
                continue;
            }
            rules(kind, name, doc, problems);
        }
        problems.addAll(Wiring.problems(objects));
        return problems;
    }

    /** The objects the directory renders to; fails when it does not render. */
    static List<JsonNode> objects(Path kustomization) throws Exception {
        List<String> problems = new ArrayList<>();
        String rendered = render(kustomization, problems);
        if (rendered == null) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return documents(rendered);
    }

    private static List<JsonNode> documents(String rendered) throws IOException {
        return YAML.readValues(YAML.createParser(rendered), JsonNode.class).readAll().stream()
                .filter(doc -> doc != null && !doc.isNull()).toList();
    }

    private static void rules(String kind, String name, JsonNode doc, List<String> problems) {
        switch (kind) {
            case "Secret" -> {
                if (doc.has("data") || doc.has("stringData")) {
                    problems.add(name + ": a Secret with values is committed; reference Secrets instead");
                }
            }
            case "Deployment" -> pod(name, doc.path("spec").path("template").path("spec"), true, problems);
            case "Job" -> pod(name, doc.path("spec").path("template").path("spec"), false, problems);
            case "ServiceAccount" -> {
                if (doc.path("automountServiceAccountToken").asBoolean(true)) {
                    problems.add(name + ": mounts an API token");
                }
            }
            default -> {
            }
        }
    }

    /** A pod that serves (with probes) or runs to completion (without). */
    private static void pod(String name, JsonNode pod, boolean serves, List<String> problems) {
        if (!pod.path("securityContext").path("runAsNonRoot").asBoolean(false)) {
            problems.add(name + ": pod may run as root");
        }
        if (pod.path("automountServiceAccountToken").asBoolean(true)) {
            problems.add(name + ": mounts an API token");
        }
        for (JsonNode c : pod.path("containers")) {
            String where = name + " container " + c.path("name").asText();
            String image = c.path("image").asText();
            String tag = image.contains("@") ? "digest" : image.lastIndexOf(':') > image.lastIndexOf('/')
                    ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest")) {
                problems.add(where + ": image " + image + " is not pinned to a version");
            }
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                if (serves && !c.has(probe)) {
                    problems.add(where + ": no " + probe);
                }
            }
            JsonNode resources = c.path("resources");
            if (resources.path("requests").path("cpu").isMissingNode()
                    || resources.path("requests").path("memory").isMissingNode()
                    || resources.path("limits").path("memory").isMissingNode()) {
                problems.add(where + ": cpu and memory requests and a memory limit are required");
            }
            if (!c.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(where + ": root filesystem is writable");
            }
            for (JsonNode env : c.path("env")) {
                String var = env.path("name").asText();
                if (env.has("value") && var.matches(".*(PASSWORD|SECRET|TOKEN|KEY).*")) {
                    problems.add(where + ": " + var + " has a plaintext value; use a secretKeyRef");
                }
            }
        }
    }

    private static String render(Path dir, List<String> problems) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            problems.add(dir + ": kubectl kustomize failed: " + err.strip());
            return null;
        }
        return out;
    }

    private static Object parse(Parser parser, String json) {
        try {
            return parser.parse(json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
