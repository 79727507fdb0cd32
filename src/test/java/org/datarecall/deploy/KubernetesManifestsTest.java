package org.datarecall.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kubernetes.client.custom.Quantity;

/**
 * Every overlay, and every optional component (through an overlay that enables them all), renders and
 * validates offline; a broken fixture proves each check can fail. Then what the manifests promise: the
 * replicas run as the database's runtime role and only the migration Job gets the owner's secret;
 * health and metrics stay off the Service an ingress uses; the autoscaler alone sets the replica count;
 * a configuration change rolls the pods; /tmp holds an upload; the internet reaches the developers' paths
 * only; the pools fit in PostgreSQL's connections; the monitoring bundle scrapes the management port.
 */
class KubernetesManifestsTest {

    static final String OWNER_SECRET = "data-recall-db-owner";
    static final String WITH_COMPONENTS = "src/test/resources/k8s-with-components";
    static final Path OPTIONAL = Path.of("k8s/optional");

    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base", WITH_COMPONENTS })
    void renders_and_validates(String dir) throws Exception {
        assertThat(ManifestCheck.check(Path.of(dir))).isEmpty();
    }

    /** Overlays switch optional parts on with components:, and the test overlay switches on every one. */
    @Test
    void every_optional_part_is_a_component_that_is_checked() throws Exception {
        List<Path> components;
        try (Stream<Path> files = Files.walk(OPTIONAL)) {
            components = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        assertThat(components).hasSizeGreaterThanOrEqualTo(5);
        Set<Path> enabled = new TreeSet<>();
        Path overlay = Path.of(WITH_COMPONENTS);
        yaml(overlay.resolve("kustomization.yaml")).path("components")
                .forEach(c -> enabled.add(overlay.resolve(c.asText()).normalize()));
        for (Path file : components) {
            JsonNode kustomization = yaml(file);
            assertThat(kustomization.path("apiVersion").asText()).as(file.toString())
                    .isEqualTo("kustomize.config.k8s.io/v1alpha1");
            assertThat(kustomization.path("kind").asText()).as(file.toString()).isEqualTo("Component");
            assertThat(enabled).as("components enabled in " + WITH_COMPONENTS).contains(file.getParent().normalize());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base" })
    void only_the_migration_job_gets_the_database_owner(String dir) throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of(dir));
        JsonNode deployment = Manifests.one(objects, "Deployment");
        JsonNode job = Manifests.one(objects, "Job");
        JsonNode server = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        JsonNode migrate = job.path("spec").path("template").path("spec").path("containers").get(0);

        assertThat(secretsOf(deployment)).contains("data-recall-db").doesNotContain(OWNER_SECRET);
        assertThat(env(server)).containsEntry("QUARKUS_FLYWAY_MIGRATE_AT_START", "false")
                .doesNotContainKeys("QUARKUS_FLYWAY_USERNAME", "QUARKUS_FLYWAY_PASSWORD");
        assertThat(secretKeysOf(server)).containsEntry("QUARKUS_DATASOURCE_PASSWORD", "data-recall-db/password");

        assertThat(migrate.path("image").asText()).isEqualTo(server.path("image").asText());
        assertThat(env(migrate)).containsEntry("QUARKUS_INIT_AND_EXIT", "true")
                .containsEntry("QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
        assertThat(secretKeysOf(migrate)).containsEntry("QUARKUS_FLYWAY_USERNAME", OWNER_SECRET + "/username")
                .containsEntry("QUARKUS_FLYWAY_PASSWORD", OWNER_SECRET + "/password")
                .doesNotContainKey("QUARKUS_DATASOURCE_PASSWORD");
        assertThat(job.path("spec").path("template").path("spec").path("restartPolicy").asText()).isEqualTo("Never");
    }

    /** The client address is believed from the ingress only: Quarkus's leftmost-entry forwarding stays off. */
    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base" })
    void forwarded_addresses_are_believed_from_the_ingress_only(String dir) throws Exception {
        JsonNode config = Manifests.one(ManifestCheck.objects(Path.of(dir)), "ConfigMap").path("data");
        if (dir.endsWith("prod")) {
            // Addresses, not a range as wide as a pod network (/16 or wider).
            assertThat(config.path("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").asText()).matches("[0-9a-f.:/, ]+")
                    .doesNotContainPattern("/(?:[0-9]|1[0-6])\\b");
        }
        assertThat(config.has("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING")).isFalse();
        assertThat(config.has("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED")).isFalse();
    }

    /**
     * Probes and scrapes use the management port (9000); the Service an ingress uses offers 8080 alone,
     * and a ClusterIP Service of its own offers 9000, which only the monitoring namespace may reach.
     */
    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base", WITH_COMPONENTS })
    void health_and_metrics_stay_off_the_public_service(String dir) throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of(dir));
        JsonNode container = Manifests.podSpec(Manifests.one(objects, "Deployment")).path("containers").get(0);
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(ports).containsEntry("http", 8080).containsEntry("management", 9000);
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo("management");
            assertThat(container.path(probe).path("httpGet").path("path").asText()).as(probe).startsWith("/q/health/");
        }

        JsonNode publicService = Manifests.named(objects, "Service", "data-recall").orElseThrow();
        JsonNode management = Manifests.named(objects, "Service", "data-recall-management").orElseThrow();
        assertThat(Wiring.exposedContainerPorts(objects, publicService)).containsExactly(8080);
        assertThat(Wiring.exposedContainerPorts(objects, management)).containsExactly(9000);
        assertThat(management.path("spec").path("type").asText()).isEqualTo("ClusterIP");
        Manifests.ofKind(objects, "Service").forEach(s -> assertThat(Wiring.exposedContainerPorts(objects, s))
                .as(Manifests.id(s)).isIn(Set.of(8080), Set.of(9000)));

        List<JsonNode> managementRules = new ArrayList<>();
        Manifests.one(objects, "NetworkPolicy").path("spec").path("ingress").forEach(rule -> {
            if (rule.path("ports").valueStream().anyMatch(p -> p.path("port").asInt() == 9000)) {
                managementRules.add(rule);
            }
        });
        assertThat(managementRules).singleElement().satisfies(rule -> assertThat(rule.at("/from/0/namespaceSelector/matchLabels")
                .path("kubernetes.io/metadata.name").asText()).isEqualTo("monitoring"));
    }

    /** The HPA owns the count: a replicas: in the manifest would reset it on every apply. */
    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base", WITH_COMPONENTS })
    void the_autoscaler_alone_sets_the_replica_count(String dir) throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of(dir));
        JsonNode deployment = Manifests.one(objects, "Deployment");
        JsonNode hpa = Manifests.one(objects, "HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(Manifests.name(deployment));
        assertThat(hpa.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(deployment.path("spec").has("replicas")).as("spec.replicas of an autoscaled Deployment").isFalse();
    }

    /**
     * The settings are a generated ConfigMap, whose name changes with its content, and the pods read that
     * name; it is labelled so that it can be applied with the migration Job, which runs before the rollout.
     */
    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base", WITH_COMPONENTS })
    void a_configuration_change_rolls_the_pods(String dir) throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of(dir));
        JsonNode configMap = Manifests.ofKind(objects, "ConfigMap")
                .filter(c -> Manifests.name(c).startsWith("data-recall-config-")).findFirst().orElseThrow();
        String config = Manifests.name(configMap);
        assertThat(config).matches(Wiring.GENERATED_NAME);
        assertThat(configMap.at("/metadata/labels/app.kubernetes.io~1component").asText()).isEqualTo("configuration");
        for (String kind : List.of("Deployment", "Job")) {
            JsonNode container = Manifests.podSpec(Manifests.one(objects, kind)).path("containers").get(0);
            assertThat(container.path("envFrom").valueStream().map(e -> e.at("/configMapRef/name").asText()))
                    .as(kind).contains(config);
        }
    }

    /** The staff pages spool an upload whole to /tmp: the emptyDir holds the largest the service accepts. */
    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base" })
    void tmp_holds_the_largest_upload(String dir) throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of(dir));
        JsonNode deployment = Manifests.one(objects, "Deployment");
        long upload = Manifests.settings(objects, deployment).largestSpooledUpload();
        JsonNode tmp = Manifests.podSpec(deployment).path("volumes").valueStream()
                .filter(v -> v.path("name").asText().equals("tmp")).findFirst().orElseThrow();
        assertThat(Quantity.fromString(tmp.at("/emptyDir/sizeLimit").asText()).getNumber().longValue())
                .isGreaterThanOrEqualTo(upload);
    }

    /** A lease of at most two sends stops the service at start (OutboxSender.checkLease). */
    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base" })
    void the_outbox_lease_outlasts_two_sends(String dir) throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of(dir));
        ServiceSettings settings = Manifests.settings(objects, Manifests.one(objects, "Deployment"));
        Duration lease = Duration.parse(settings.get("datarecall.outbox.lease"));
        Duration send = Duration.parse(settings.get("datarecall.outbox.send-timeout"));
        assertThat(lease).isGreaterThan(send.multipliedBy(2));
    }

    /**
     * The public Ingress routes the developers' paths alone, over TLS, to the application port; the staff's
     * paths go through a second Ingress that admits listed addresses only; neither routes /q.
     */
    @Test
    void the_internet_reaches_only_the_developers_paths_through_the_ingress() throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of("k8s/overlays/prod"));
        JsonNode publicIngress = Manifests.named(objects, "Ingress", "data-recall-public").orElseThrow();
        JsonNode staff = Manifests.named(objects, "Ingress", "data-recall-staff").orElseThrow();

        assertThat(paths(publicIngress)).containsExactlyInAnyOrderElementsOf(Wiring.PUBLIC_PATHS);
        assertThat(publicIngress.at("/metadata/annotations").has(Wiring.ALLOW_LIST)).isFalse();
        assertThat(staff.at("/metadata/annotations").path(Wiring.ALLOW_LIST).asText()).isNotBlank();
        assertThat(paths(staff)).contains("/dashboard", "/login", "/j_security_check", "/api/v1")
                .noneMatch(p -> p.equals("/") || p.startsWith("/q"));
        for (JsonNode ingress : List.of(publicIngress, staff)) {
            assertThat(ingress.at("/spec/tls/0/hosts").valueStream().map(JsonNode::asText))
                    .containsExactly(ingress.at("/spec/rules/0/host").asText());
            ingress.at("/spec/rules/0/http/paths").forEach(p -> {
                assertThat(p.at("/backend/service/name").asText()).isEqualTo("data-recall");
                assertThat(p.at("/backend/service/port/number").asInt()).isEqualTo(8080);
            });
        }
    }

    /** The Gateway API routes do the same: public paths on the public Gateway's HTTPS listener, staff on the internal one. */
    @Test
    void the_internet_reaches_only_the_developers_paths_through_the_gateway() throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of(WITH_COMPONENTS));
        JsonNode publicRoute = Manifests.named(objects, "HTTPRoute", "data-recall-public").orElseThrow();
        JsonNode staff = Manifests.named(objects, "HTTPRoute", "data-recall-staff").orElseThrow();

        assertThat(routePaths(publicRoute)).containsExactlyInAnyOrderElementsOf(Wiring.PUBLIC_PATHS);
        assertThat(routePaths(staff)).contains("/dashboard", "/login", "/j_security_check", "/api/v1")
                .noneMatch(p -> p.equals("/") || p.startsWith("/q"));
        assertThat(publicRoute.at("/spec/parentRefs/0/name").asText()).doesNotContain("internal");
        assertThat(staff.at("/spec/parentRefs").valueStream().map(p -> p.path("name").asText())).allMatch(n -> n.contains("internal"));
        for (JsonNode route : List.of(publicRoute, staff)) {
            assertThat(route.at("/spec/parentRefs").valueStream().map(p -> p.path("sectionName").asText())).containsOnly("https");
            route.at("/spec/rules").forEach(r -> r.path("backendRefs").forEach(b -> {
                assertThat(b.path("name").asText()).isEqualTo("data-recall");
                assertThat(b.path("port").asInt()).isEqualTo(8080);
            }));
        }
    }

    /** Every pool at once, while the autoscaler is at its maximum and a rollout surges, fits in PostgreSQL. */
    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", WITH_COMPONENTS })
    void the_pools_fit_in_postgres_connections(String dir) throws Exception {
        ConnectionBudget budget = ConnectionBudget.of(ManifestCheck.objects(Path.of(dir))).orElseThrow();
        assertThat(budget.problems()).isEmpty();
        budget.pooler().ifPresent(p -> assertThat(p.mode()).isEqualTo("session"));
    }

    /**
     * The README's sums: the dev overlay's (3 replicas + 1 surging) x 20 + the Job's 20 and Flyway's 2; and
     * the prod overlay's pools, which the in-cluster PostgreSQL's 250 connections could not take.
     */
    @Test
    void the_budget_counts_the_surge_and_the_migration_job() throws Exception {
        ConnectionBudget budget = ConnectionBudget.of(ManifestCheck.objects(Path.of("k8s/overlays/dev"))).orElseThrow();
        assertThat(budget.clients()).isEqualTo((3 + 1) * 20 + 20 + 2);
        assertThat(budget.available()).isEqualTo(250 - 3);
        assertThat(new ConnectionBudget(10, 1, 30, 32, 250, 3, Optional.empty()).problems())
                .singleElement().asString().contains("= 362 connections");
    }

    /**
     * The ServiceMonitor scrapes /q/metrics on the management Service (and could not pick the public one),
     * every alert is complete, and the dashboard reaches Grafana's sidecar under a fixed name.
     */
    @Test
    void the_monitoring_bundle_scrapes_the_management_port() throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of(WITH_COMPONENTS));
        JsonNode monitor = Manifests.one(objects, "ServiceMonitor");
        Map<String, String> selector = strings(monitor.at("/spec/selector/matchLabels"));
        JsonNode management = Manifests.named(objects, "Service", "data-recall-management").orElseThrow();
        JsonNode publicService = Manifests.named(objects, "Service", "data-recall").orElseThrow();
        assertThat(strings(management.at("/metadata/labels"))).containsAllEntriesOf(selector);
        assertThat(strings(publicService.at("/metadata/labels")).entrySet().containsAll(selector.entrySet())).isFalse();
        JsonNode endpoint = monitor.at("/spec/endpoints/0");
        assertThat(endpoint.path("port").asText()).isEqualTo("management");
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(management.at("/spec/ports").valueStream().map(p -> p.path("name").asText())).contains("management");

        JsonNode rules = Manifests.one(objects, "PrometheusRule");
        assertThat(CustomResources.problems(rules)).isEmpty();
        assertThat(rules.at("/spec/groups/0/rules").valueStream().map(r -> r.path("alert").asText())).containsExactlyInAnyOrder(
                "DataRecallMailQueueStalled", "DataRecallMailFailed", "DataRecallSweepNotRunning",
                "DataRecallSweepStageFailing", "DataRecallEscalationsRising");

        JsonNode dashboard = Manifests.named(objects, "ConfigMap", "data-recall-grafana-dashboard").orElseThrow();
        assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        JsonNode json = JsonMapper.builder().build().readTree(dashboard.at("/data/data-recall.json").asText());
        assertThat(json.path("panels").valueStream().toList()).isNotEmpty().allSatisfy(panel -> assertThat(panel.at("/targets/0/expr").asText())
                .as(panel.path("title").asText()).isNotBlank());
        assertThat(MonitoringBundle.metricNames()).contains("datarecall_notices_failed_total",
                "datarecall_sweep_duration_seconds_count", "datarecall_notices_oldest_queued_age_seconds");
    }

    @Test
    void a_broken_manifest_is_caught() throws Exception {
        List<String> problems = ManifestCheck.check(Path.of("src/test/resources/k8s-broken"));
        assertThat(problems).anyMatch(p -> p.startsWith("Deployment/broken") && p.contains("replicass"))
                .anyMatch(p -> p.startsWith("Service/broken"))
                .anyMatch(p -> p.contains("image nginx is not pinned"))
                .anyMatch(p -> p.contains("no readinessProbe"))
                .anyMatch(p -> p.contains("Secret/broken") && p.contains("committed"))
                .anyMatch(p -> p.contains("DB_PASSWORD has a plaintext value"))
                // Management port
                .contains("Service/both-ports: exposes the application (8080) and the management port (9000) together")
                .contains("Deployment/on-http container web: readinessProbe is not on the management port")
                .contains("Deployment/on-http container web: no containerPort 9000 named management")
                .contains("NetworkPolicy/open: lets more than the monitoring namespace reach the management port")
                // Replicas, configuration, /tmp
                .contains("Deployment/unprobed: sets replicas, which its HorizontalPodAutoscaler owns")
                .contains("HorizontalPodAutoscaler/unprobed: minReplicas below 2")
                .contains("Deployment/on-http: reads ConfigMap plain-settings, which is not generated: a change to it "
                        + "would not roll the pods")
                .anyMatch(p -> p.startsWith("Deployment/on-http: /tmp holds 64Mi, less than an upload of"))
                // Routes
                .contains("Ingress/everything: host open.example.com is served without TLS")
                .contains("Ingress/everything: public path / routes /q/metrics")
                .contains("Ingress/everything: public path / routes /dashboard")
                .contains("Ingress/everything: routes to port 9000 of both-ports, not its 8080")
                .contains("Ingress/everything: routes to both-ports, which exposes the management port")
                .contains("HTTPRoute/internal-q: path /q routes /q/metrics")
                .contains("HTTPRoute/internal-q: attaches to internal without naming its https listener")
                // Custom resources and the connection budget
                .contains("PrometheusRule/incomplete rule Unexplained: for is required")
                .contains("PrometheusRule/incomplete rule Unexplained: labels.severity is required")
                .contains("ServiceMonitor/no-endpoints: no endpoints")
                .anyMatch(p -> p.startsWith("Cluster/small-db: (10 replicas + 3 surging) x 20")
                        && p.endsWith("exceed max_connections 50 less 3 reserved for superusers"))
                .anyMatch(p -> p.startsWith("Cluster/small-db: the Pooler runs in transaction mode"));
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new YAMLMapper().readTree(file.toFile());
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new HashMap<>();
        object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static List<String> paths(JsonNode ingress) {
        List<String> paths = new ArrayList<>();
        ingress.at("/spec/rules").forEach(r -> r.at("/http/paths").forEach(p -> paths.add(p.path("path").asText())));
        return paths;
    }

    private static List<String> routePaths(JsonNode route) {
        List<String> paths = new ArrayList<>();
        route.at("/spec/rules").forEach(r -> r.path("matches").forEach(m -> paths.add(m.at("/path/value").asText())));
        return paths;
    }

    /** Every Secret the object's pods read, by name. */
    private static List<String> secretsOf(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : object.path("spec").path("template").path("spec").path("containers")) {
            c.path("envFrom").forEach(e -> names.add(e.path("secretRef").path("name").asText()));
            secretKeysOf(c).values().forEach(ref -> names.add(ref.substring(0, ref.indexOf('/'))));
        }
        names.removeIf(String::isEmpty);
        return names;
    }

    /** The container's plain environment values, by name. */
    private static Map<String, String> env(JsonNode container) {
        Map<String, String> values = new HashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                values.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return values;
    }

    /** The container's variables taken from Secrets, as "secret/key" by name. */
    private static Map<String, String> secretKeysOf(JsonNode container) {
        Map<String, String> refs = new HashMap<>();
        container.path("env").forEach(e -> {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                refs.put(e.path("name").asText(), ref.path("name").asText() + "/" + ref.path("key").asText());
            }
        });
        return refs;
    }
}
