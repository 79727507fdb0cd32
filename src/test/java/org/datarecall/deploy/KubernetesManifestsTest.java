package org.datarecall.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every overlay renders and validates offline; a broken fixture proves the check can fail. */
class KubernetesManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = { "k8s/overlays/dev", "k8s/overlays/prod", "k8s/base", "k8s/optional/cloudnative-pg" })
    void renders_and_validates(String dir) throws Exception {
        assertThat(ManifestCheck.check(Path.of(dir))).isEmpty();
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
}
