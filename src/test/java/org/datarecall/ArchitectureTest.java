package org.datarecall;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The dependency rule (README, Architecture): packages in one order, each importing only packages
 * lower in it; no cycles between packages; the rules of the state machine stay plain Java.
 */
class ArchitectureTest {

    /** Low to high. A package may depend on the packages before it, never on those after it. */
    static final List<String> ORDER = List.of(
            "platform.config",
            "platform.jdbc",
            "platform.concurrent",
            "platform.error",
            "platform.http",
            "platform.i18n",
            "casework.domain",
            "campaign",
            "link",
            "evidence",
            "notice",
            "webhook",
            "checkpoint",
            "job",
            "casework",
            "bounce",
            "access",
            "portal",
            "pack",
            "sweep",
            "dashboard");

    private static final String ROOT = "org.datarecall.";

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.datarecall");

    @Test
    void every_package_is_placed_in_the_order() {
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass c : classes) {
            if (layer(c.getPackageName()) < 0) {
                unplaced.add(c.getPackageName());
            }
        }
        assertThat(unplaced).as("packages missing from ArchitectureTest.ORDER and the README").isEmpty();
    }

    @Test
    void no_package_depends_on_a_package_above_it() {
        List<String> backEdges = backEdges(classes);
        assertThat(backEdges).as("dependencies that point up the order").isEmpty();
    }

    @Test
    void the_rule_catches_a_back_edge() throws ClassNotFoundException {
        JavaClasses withBackEdge = new ClassFileImporter()
                .importClasses(Class.forName("org.datarecall.campaign.BackEdgeFixture"));
        assertThat(backEdges(withBackEdge))
                .containsExactly("BackEdgeFixture (org.datarecall.campaign) -> CaseService (org.datarecall.casework)");
        assertThat(isBackEdge("org.datarecall.casework.domain", "org.datarecall.casework")).isTrue();
        assertThat(isBackEdge("org.datarecall.casework", "org.datarecall.casework.domain")).isFalse();
    }

    @Test
    void packages_are_free_of_cycles() {
        slices().matching("org.datarecall.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void the_domain_depends_on_nothing_but_the_jdk_and_itself() {
        noClasses().that().resideInAPackage("org.datarecall.casework.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "javax..",
                        "com.fasterxml..", "org.jboss..", "io.smallrye..", "java.sql..",
                        "org.datarecall.campaign..", "org.datarecall.platform..", "org.datarecall.evidence..")
                .check(classes);
    }

    @Test
    void mail_knows_nothing_of_casework_but_its_states() {
        noClasses().that().resideInAPackage("org.datarecall.notice..")
                .should().dependOnClassesThat().resideInAPackage("org.datarecall.casework")
                .check(classes);
    }

    @Test
    void the_domain_never_reads_the_clock() {
        noClasses().that().resideInAPackage("org.datarecall.casework.domain..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .check(classes);
    }

    private static List<String> backEdges(JavaClasses classes) {
        Set<String> edges = new TreeSet<>();
        for (JavaClass c : classes) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (target.startsWith(ROOT) && isBackEdge(c.getPackageName(), target)) {
                    edges.add(c.getSimpleName() + " (" + c.getPackageName() + ") -> "
                            + d.getTargetClass().getSimpleName() + " (" + target + ")");
                }
            }
        }
        return new ArrayList<>(edges);
    }

    static boolean isBackEdge(String from, String to) {
        int source = layer(from);
        int target = layer(to);
        return source >= 0 && target >= 0 && target > source;
    }

    /** The index of a package's layer: the longest entry of the order that contains it. */
    static int layer(String packageName) {
        int best = -1;
        int bestLength = -1;
        for (int i = 0; i < ORDER.size(); i++) {
            String layer = ROOT + ORDER.get(i);
            boolean inside = packageName.equals(layer) || packageName.startsWith(layer + ".");
            if (inside && layer.length() > bestLength) {
                best = i;
                bestLength = layer.length();
            }
        }
        return best;
    }
}
