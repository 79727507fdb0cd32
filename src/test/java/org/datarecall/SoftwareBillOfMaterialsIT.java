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
}
