package org.datarecall.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubernetes.client.custom.Quantity;

/**
 * Rules about how the rendered objects fit together, which no single object shows: which ports each
 * Service and route exposes, who owns the replica count, how configuration reaches the pods, whether
 * /tmp holds an upload, and whether the database has the connections the pools may open.
 */
final class Wiring {

    static final int APPLICATION_PORT = 8080;
    static final int MANAGEMENT_PORT = 9000;
    static final String MANAGEMENT = "management";

    /** The developers' paths: the only ones the internet may reach. */
    static final List<String> PUBLIC_PATHS = List.of("/attest", "/api/v1/portal", "/.well-known/datarecall-keys");

    /** Requests a public route must not pass on: the management paths and the staff's pages and API. */
    static final List<String> NEVER_PUBLIC = List.of("/q/health/ready", "/q/metrics", "/q/openapi", "/dashboard",
            "/dashboard.css", "/login", "/j_security_check", "/logout", "/api/v1/campaigns", "/api/v1/cases/1");

    /** Requests no route may pass on, restricted or not: /q is for monitoring inside the cluster only. */
    static final List<String> NEVER_ROUTED = List.of("/q/health/ready", "/q/metrics", "/q/openapi");

    /** The annotation by which ingress-nginx admits only the listed client addresses. */
    static final String ALLOW_LIST = "nginx.ingress.kubernetes.io/whitelist-source-range";

    /** A Kustomize-generated name: the base name, a dash and ten characters of the content's hash. */
    static final Pattern GENERATED_NAME = Pattern.compile(".+-[2456789bcdfghkmt]{10}");

    private final List<JsonNode> objects;
    private final List<String> problems = new ArrayList<>();

    private Wiring(List<JsonNode> objects) {
        this.objects = objects;
    }

    static List<String> problems(List<JsonNode> objects) {
        Wiring w = new Wiring(objects);
        w.replicas();
        Manifests.ofKind(objects, "Deployment").forEach(d -> {
            w.managementPort(d);
            w.tmpHoldsAnUpload(d);
            w.configurationIsGenerated(d);
        });
        Manifests.ofKind(objects, "Job").forEach(w::configurationIsGenerated);
        Manifests.ofKind(objects, "Service").forEach(w::serviceKeepsManagementApart);
        Manifests.ofKind(objects, "NetworkPolicy").forEach(w::managementOnlyFromMonitoring);
        Manifests.ofKind(objects, "Ingress").forEach(w::ingress);
        Manifests.ofKind(objects, "HTTPRoute").forEach(w::httpRoute);
        ConnectionBudget.of(objects).ifPresent(b -> {
            String cluster = Manifests.id(Manifests.find(objects, "Cluster").orElseThrow());
            b.problems().forEach(p -> w.problems.add(cluster + ": " + p));
        });
        return w.problems;
    }

    /** An autoscaled Deployment leaves the count to its HPA; any other runs at least two replicas. */
    private void replicas() {
        Set<String> autoscaled = new HashSet<>();
        Manifests.ofKind(objects, "HorizontalPodAutoscaler").forEach(hpa -> {
            JsonNode target = hpa.path("spec").path("scaleTargetRef");
            if (target.path("kind").asText().equals("Deployment")) {
                autoscaled.add(target.path("name").asText());
            }
            if (hpa.path("spec").path("minReplicas").asInt(1) < 2) {
                problems.add(Manifests.id(hpa) + ": minReplicas below 2");
            }
        });
        Manifests.ofKind(objects, "Deployment").forEach(d -> {
            JsonNode replicas = d.path("spec").path("replicas");
            if (autoscaled.contains(Manifests.name(d))) {
                if (!replicas.isMissingNode()) {
                    problems.add(Manifests.id(d) + ": sets replicas, which its HorizontalPodAutoscaler owns");
                }
            } else if (replicas.asInt(1) < 2) {
                problems.add(Manifests.id(d) + ": fewer than 2 replicas");
            }
        });
    }

    /** A serving container declares the management port, and its probes ask that port. */
    private void managementPort(JsonNode deployment) {
        for (JsonNode c : Manifests.podSpec(deployment).path("containers")) {
            String where = Manifests.id(deployment) + " container " + c.path("name").asText();
            boolean declared = false;
            for (JsonNode port : c.path("ports")) {
                declared |= port.path("name").asText().equals(MANAGEMENT)
                        && port.path("containerPort").asInt() == MANAGEMENT_PORT;
            }
            if (!declared) {
                problems.add(where + ": no containerPort " + MANAGEMENT_PORT + " named " + MANAGEMENT);
            }
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode port = c.path(probe).path("httpGet").path("port");
                if (c.has(probe) && !port.asText().equals(MANAGEMENT) && port.asInt() != MANAGEMENT_PORT) {
                    problems.add(where + ": " + probe + " is not on the management port");
                }
            }
        }
    }

    /**
     * The staff pages spool uploads whole to /tmp: an emptyDir there must hold the largest one, or the
     * kubelet evicts the pod in the middle of an import.
     */
    private void tmpHoldsAnUpload(JsonNode deployment) {
        JsonNode pod = Manifests.podSpec(deployment);
        Set<String> tmpVolumes = new HashSet<>();
        pod.path("containers").forEach(c -> c.path("volumeMounts").forEach(m -> {
            if (m.path("mountPath").asText().equals("/tmp")) {
                tmpVolumes.add(m.path("name").asText());
            }
        }));
        for (JsonNode volume : pod.path("volumes")) {
            if (!tmpVolumes.contains(volume.path("name").asText()) || !volume.has("emptyDir")) {
                continue;
            }
            long upload = Manifests.settings(objects, deployment).largestSpooledUpload();
            String limit = volume.path("emptyDir").path("sizeLimit").asText();
            if (limit.isEmpty()) {
                problems.add(Manifests.id(deployment) + ": /tmp has no sizeLimit");
            } else if (Quantity.fromString(limit).getNumber().longValue() < upload) {
                problems.add(Manifests.id(deployment) + ": /tmp holds " + limit + ", less than an upload of "
                        + upload + " bytes");
            }
        }
    }

    /** ConfigMaps the pods read are generated, so that a change gives them a new name and rolls the pods. */
    private void configurationIsGenerated(JsonNode workload) {
        for (JsonNode c : Manifests.podSpec(workload).path("containers")) {
            for (JsonNode from : c.path("envFrom")) {
                String name = from.path("configMapRef").path("name").asText();
                if (!name.isEmpty() && Manifests.named(objects, "ConfigMap", name).isPresent()
                        && !GENERATED_NAME.matcher(name).matches()) {
                    problems.add(Manifests.id(workload) + ": reads ConfigMap " + name
                            + ", which is not generated: a change to it would not roll the pods");
                }
            }
        }
    }

    /** No Service offers the application and the management port together. */
    private void serviceKeepsManagementApart(JsonNode service) {
        Set<Integer> exposed = exposedContainerPorts(objects, service);
        if (exposed.contains(APPLICATION_PORT) && exposed.contains(MANAGEMENT_PORT)) {
            problems.add(Manifests.id(service) + ": exposes the application (" + APPLICATION_PORT
                    + ") and the management port (" + MANAGEMENT_PORT + ") together");
        }
    }

    /** The container ports a Service reaches, its named target ports looked up in the Deployments' containers. */
    static Set<Integer> exposedContainerPorts(List<JsonNode> objects, JsonNode service) {
        Set<Integer> ports = new HashSet<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            if (target.isInt()) {
                ports.add(target.asInt());
                continue;
            }
            Manifests.ofKind(objects, "Deployment")
                    .flatMap(d -> Manifests.podSpec(d).path("containers").valueStream())
                    .flatMap(c -> c.path("ports").valueStream())
                    .filter(p -> p.path("name").asText().equals(target.asText()))
                    .forEach(p -> ports.add(p.path("containerPort").asInt()));
        }
        return ports;
    }

    /**
     * The management port is reachable only from namespaces a policy names (the monitoring one): a rule
     * that admits it (by number, by name, or by listing no ports at all) admits namespaces, not everyone.
     */
    private void managementOnlyFromMonitoring(JsonNode policy) {
        for (JsonNode rule : policy.path("spec").path("ingress")) {
            boolean admitsManagement = rule.path("ports").isEmpty();
            for (JsonNode port : rule.path("ports")) {
                admitsManagement |= port.path("port").asInt() == MANAGEMENT_PORT
                        || port.path("port").asText().equals(MANAGEMENT);
            }
            if (!admitsManagement) {
                continue;
            }
            boolean namespacesOnly = !rule.path("from").isEmpty();
            for (JsonNode peer : rule.path("from")) {
                namespacesOnly &= peer.size() == 1 && !peer.path("namespaceSelector").path("matchLabels").isEmpty();
            }
            if (!namespacesOnly) {
                problems.add(Manifests.id(policy) + ": lets more than the monitoring namespace reach the management port");
            }
        }
    }

    private void ingress(JsonNode ingress) {
        String name = Manifests.id(ingress);
        JsonNode spec = ingress.path("spec");
        Set<String> tlsHosts = new HashSet<>();
        spec.path("tls").forEach(t -> t.path("hosts").forEach(h -> tlsHosts.add(h.asText())));
        boolean restricted = !ingress.path("metadata").path("annotations").path(ALLOW_LIST).asText().isBlank();
        for (JsonNode rule : spec.path("rules")) {
            if (!tlsHosts.contains(rule.path("host").asText())) {
                problems.add(name + ": host " + rule.path("host").asText("(any)") + " is served without TLS");
            }
            for (JsonNode path : rule.path("http").path("paths")) {
                String type = path.path("pathType").asText();
                route(name, restricted, type.equals("Exact") ? "Exact" : "Prefix", path.path("path").asText("/"));
                JsonNode service = path.path("backend").path("service");
                backend(name, service.path("name").asText(), service.path("port").path("number").asInt());
            }
        }
    }

    /**
     * A route is restricted when its Gateways are internal ones; the TLS is the Gateway's, on the
     * listener every route names: {@code https}.
     */
    private void httpRoute(JsonNode route) {
        String name = Manifests.id(route);
        JsonNode spec = route.path("spec");
        boolean restricted = !spec.path("parentRefs").isEmpty();
        for (JsonNode parent : spec.path("parentRefs")) {
            restricted &= parent.path("name").asText().contains("internal");
            if (!parent.path("sectionName").asText().equals("https")) {
                problems.add(name + ": attaches to " + parent.path("name").asText() + " without naming its https listener");
            }
        }
        for (JsonNode rule : spec.path("rules")) {
            JsonNode matches = rule.path("matches");
            if (matches.isEmpty()) {
                route(name, restricted, "Prefix", "/");
            }
            for (JsonNode match : matches) {
                String type = match.path("path").path("type").asText("PathPrefix");
                route(name, restricted, type.equals("Exact") ? "Exact" : "Prefix", match.path("path").path("value").asText("/"));
            }
            rule.path("backendRefs").forEach(b -> backend(name, b.path("name").asText(), b.path("port").asInt()));
        }
    }

    private void route(String name, boolean restricted, String type, String path) {
        for (String request : restricted ? NEVER_ROUTED : NEVER_PUBLIC) {
            if (matches(type, path, request)) {
                problems.add(name + ": " + (restricted ? "" : "public ") + "path " + path + " routes " + request);
            }
        }
    }

    /** Whether a path of the type (Exact, or Prefix by whole segments) takes the request. */
    static boolean matches(String type, String path, String request) {
        if (type.equals("Exact")) {
            return request.equals(path);
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        return request.equals(path) || request.startsWith(prefix);
    }

    /** Routes end at a rendered Service's application port, on a Service that does not expose management. */
    private void backend(String route, String serviceName, int port) {
        var service = Manifests.named(objects, "Service", serviceName);
        if (service.isEmpty()) {
            problems.add(route + ": routes to Service " + serviceName + ", which is not part of the manifests");
            return;
        }
        boolean offered = service.get().path("spec").path("ports").valueStream().anyMatch(p -> p.path("port").asInt() == port);
        if (port != APPLICATION_PORT || !offered) {
            problems.add(route + ": routes to port " + port + " of " + serviceName + ", not its " + APPLICATION_PORT);
        }
        if (exposedContainerPorts(objects, service.get()).contains(MANAGEMENT_PORT)) {
            problems.add(route + ": routes to " + serviceName + ", which exposes the management port");
        }
    }
}
