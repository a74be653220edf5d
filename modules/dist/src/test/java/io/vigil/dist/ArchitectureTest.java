package io.vigil.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules that keep Vigil easy to walk, checked on the production classes of every
 * module (this module sees them all): roles depend only on {@code model} and {@code runtime};
 * {@code runtime} only on {@code model}; {@code model} depends on nothing of Vigil's and holds
 * records, not behaviour (no server, scheduler, admin client or TLS); an {@code internal} package is used only inside its own
 * module; no production class reaches for a test fixture or a test library; the launcher
 * never depends on the benchmarks it hosts; and no two packages of a module depend on each
 * other in a circle.
 */
class ArchitectureTest {

    private static final List<String> ROLES = List.of("collector", "detector", "notifier", "reporter", "intel", "console");
    private static JavaClasses production;

    @BeforeAll
    static void load() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.vigil");
    }

    @Test
    void everyModuleIsThere() {
        // A rule over a classpath that lost a module would pass vacuously.
        for (String m : List.of("model", "runtime", "collector", "detector", "notifier", "reporter", "intel", "console", "cli", "bench",
                "simulator", "embedded", "testkit")) {
            org.assertj.core.api.Assertions.assertThat(production.stream()
                    .anyMatch(c -> c.getPackageName().startsWith("io.vigil." + m)))
                    .as("production classes of io.vigil.%s on the classpath", m).isTrue();
        }
    }

    @Test
    void rolesDependOnlyOnModel() {
        for (String role : ROLES) {
            String[] others = java.util.stream.Stream.of("collector", "detector", "notifier", "reporter", "intel", "console", "cli",
                            "bench", "simulator", "embedded", "testkit")
                    .filter(m -> !m.equals(role)).map(m -> "io.vigil." + m + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.vigil." + role + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("a role depends only on model and runtime; the launcher wires roles together")
                    .check(production);
        }
    }

    @Test
    void modelDependsOnNothingOfVigils() {
        noClasses().that().resideInAPackage("io.vigil.model..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.vigil.model..", "java..",
                        "com.fasterxml.jackson..", "org.apache.kafka.common..", "org.apache.kafka.clients.producer..",
                        "org.apache.kafka.clients.consumer..")
                .because("model holds the shared records and their serdes, nothing else")
                .check(production);
        noClasses().that().resideInAPackage("io.vigil.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javax.net..", "java.net.http..", "com.sun.net..",
                        "org.apache.kafka.clients.admin..", "org.slf4j..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ScheduledExecutorService")
                .because("a server, TLS, an admin client, a scheduler or a log is behaviour: it lives in runtime")
                .check(production);
    }

    @Test
    void runtimeDependsOnlyOnModel() {
        String[] vigil = java.util.stream.Stream.of("collector", "detector", "notifier", "reporter", "intel", "console", "cli",
                "bench", "simulator", "embedded", "testkit").map(m -> "io.vigil." + m + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage("io.vigil.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage(vigil)
                .because("runtime is what every role runs on; no role's own code")
                .check(production);
    }

    @Test
    void internalPackagesStayInTheirModule() {
        for (String role : ROLES) {
            noClasses().that().resideOutsideOfPackage("io.vigil." + role + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.vigil." + role + ".internal..")
                    .check(production);
        }
    }

    @Test
    void noProductionClassUsesATestFixture() {
        noClasses().that().resideOutsideOfPackage("io.vigil.testkit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vigil.testkit..", "org.junit..", "org.assertj..",
                        "org.apache.kafka.streams.TopologyTestDriver", "com.icegreen..")
                .check(production);
    }

    @Test
    void theLauncherDoesNotDependOnTheBenchmarks() {
        noClasses().that().resideInAPackage("io.vigil.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.vigil.bench..")
                .because("vigil bench is a plugin found by ServiceLoader")
                .check(production);
    }

    @Test
    void packagesOfAModuleHaveNoCycles() {
        slices().matching("io.vigil.(*).(*)..").should().beFreeOfCycles().check(production);
    }
}
