package org.datarecall;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The build writes a CycloneDX bill of what the service ships: its runtime libraries, not the test ones. */
class SoftwareBillOfMaterialsIT {

    @Test
    void the_package_lists_every_runtime_library_and_no_test_one() throws Exception {
        Path bom = Path.of("target/bom.json");
        assertThat(bom).as("written by mvn package").exists();
        JsonNode root = new ObjectMapper().readTree(Files.readString(bom));
        assertThat(root.path("bomFormat").asText()).isEqualTo("CycloneDX");
        List<String> components = new ArrayList<>();
        root.path("components").forEach(c -> components.add(c.path("group").asText() + ":" + c.path("name").asText()
                + ":" + c.path("version").asText()));
        assertThat(components).anyMatch(c -> c.startsWith("io.quarkus:quarkus-core:"))
                .anyMatch(c -> c.startsWith("org.postgresql:postgresql:"))
                .anyMatch(c -> c.startsWith("org.apache.pdfbox:pdfbox:"))
                .noneMatch(c -> c.startsWith("com.icegreen:") || c.startsWith("org.seleniumhq."))
                .allMatch(c -> !c.endsWith(":"));
        assertThat(root.path("components").get(0).path("purl").asText()).startsWith("pkg:maven/");
    }

    /**
     * One Quarkus version, but for the modules the Maven mirror lacks at it (pom.xml, quarkus-patch-skew.version):
     * a new extension, or a dependency that pulls another Quarkus version in, shows here before it ships.
     */
    @Test
    void every_quarkus_module_is_on_the_platform_version_but_the_documented_skews() throws Exception {
        JsonNode root = new ObjectMapper().readTree(Files.readString(Path.of("target/bom.json")));
        java.util.Map<String, String> skews = java.util.Map.of("quarkus-oidc", "3.34.2", "quarkus-oidc-common", "3.34.2",
                "quarkus-logging-json", "3.34.1");
        List<String> off = new ArrayList<>();
        root.path("components").forEach(c -> {
            String name = c.path("name").asText();
            if ("io.quarkus".equals(c.path("group").asText()) && name.startsWith("quarkus-")
                    && !"quarkus-fs-util".equals(name) // a library of its own, versioned apart
                    && !c.path("version").asText().equals(skews.getOrDefault(name, "3.34.3"))) {
                off.add(name + ":" + c.path("version").asText());
            }
        });
        assertThat(off).as("Quarkus modules off the platform version").isEmpty();
    }
}
