package org.datarecall;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The rules of the case state machine stay plain Java: no framework, no database, no clock of their own.
 * Imports point one way: casework sends mail through notice, so notice never imports casework back.
 */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.datarecall");

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
}
