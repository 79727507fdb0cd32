package org.datarecall.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every overlay renders and validates offline; a broken fixture proves the check can fail. The
 * replicas run as the database's runtime role; only the migration Job gets the owner's secret.
 */
class KubernetesManifestsTest {

    static final String OWNER_SECRET = "data-recall-db-owner";

    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base", "k8s/optional/cloudnative-pg" })
    void renders_and_validates(String dir) throws Exception {
        assertThat(ManifestCheck.check(Path.of(dir))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base" })
    void only_the_migration_job_gets_the_database_owner(String dir) throws Exception {
        List<JsonNode> objects = ManifestCheck.objects(Path.of(dir));
        JsonNode deployment = one(objects, "Deployment");
        JsonNode job = one(objects, "Job");
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
        JsonNode config = one(ManifestCheck.objects(Path.of(dir)), "ConfigMap").path("data");
        if (dir.endsWith("prod")) {
            // Addresses, not a range as wide as a pod network (/16 or wider).
            assertThat(config.path("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").asText()).matches("[0-9a-f.:/, ]+")
                    .doesNotContainPattern("/(?:[0-9]|1[0-6])\\b");
        }
        assertThat(config.has("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING")).isFalse();
        assertThat(config.has("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED")).isFalse();
    }

    @Test
    void a_broken_manifest_is_caught() throws Exception {
        List<String> problems = ManifestCheck.check(Path.of("src/test/resources/k8s-broken"));
        assertThat(problems).anyMatch(p -> p.startsWith("Deployment/broken") && p.contains("replicass"))
                .anyMatch(p -> p.startsWith("Service/broken"))
                .anyMatch(p -> p.contains("image nginx is not pinned"))
                .anyMatch(p -> p.contains("no readinessProbe"))
                .anyMatch(p -> p.contains("Secret/broken") && p.contains("committed"))
                .anyMatch(p -> p.contains("DB_PASSWORD has a plaintext value"));
    }

    private static JsonNode one(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
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
