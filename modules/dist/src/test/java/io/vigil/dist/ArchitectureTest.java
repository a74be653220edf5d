package io.vigil.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vigil.runtime.Role;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
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
            Assertions.assertThat(production.stream()
                    .anyMatch(c -> c.getPackageName().startsWith("io.vigil." + m)))
                    .as("production classes of io.vigil.%s on the classpath", m).isTrue();
        }
    }

    @Test
    void rolesDependOnlyOnModel() {
        for (String role : ROLES) {
            String[] others = Stream.of("collector", "detector", "notifier", "reporter", "intel", "console", "cli",
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
        String[] vigil = Stream.of("collector", "detector", "notifier", "reporter", "intel", "console", "cli",
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
    void theDetectorsPlumbingNeverReachesUpToItsDetectors() {
        // what every stage and detector stands on knows none of them: a new detector changes nothing here
        String[] plumbing = {"io.vigil.detector.spi..", "io.vigil.detector.stage..", "io.vigil.detector.episode..",
                "io.vigil.detector.message..", "io.vigil.detector.codec..", "io.vigil.detector.stats..",
                "io.vigil.detector.baseline.."};
        noClasses().that().resideInAnyPackage(plumbing)
                .should().dependOnClassesThat().resideInAnyPackage("io.vigil.detector", "io.vigil.detector.scan..",
                        "io.vigil.detector.host..", "io.vigil.detector.peer..", "io.vigil.detector.site..",
                        "io.vigil.detector.intel..")
                .check(production);
        noClasses().that().resideInAPackage("io.vigil.detector.spi..")
                .should().dependOnClassesThat().resideInAnyPackage(plumbing[1], plumbing[2], plumbing[3], plumbing[4],
                        plumbing[5], plumbing[6])
                .because("spi is what a detector plugs into: thresholds, allowlist, episode policy, and nothing else")
                .check(production);
    }

    @Test
    void everyLongRunningRoleIsARole() {
        // one contract, one runner: a role that is not a Role would need a command of its own again
        for (String role : List.of("io.vigil.collector.Collector", "io.vigil.detector.Detector", "io.vigil.notifier.NotifierRole",
                "io.vigil.console.Console", "io.vigil.reporter.WeeklySchedule", "io.vigil.intel.IntelSchedule")) {
            classes().that().haveFullyQualifiedName(role).should().implement(Role.class)
                    .allowEmptyShould(false).check(production);
        }
    }

    @Test
    void commandsNeverBuildOtherCommands() {
        // what two commands share lives in cli.runtime or in a role's module, never in one of them
        int commands = 0;
        for (JavaClass c : production) {
            if (!c.getPackageName().equals("io.vigil.cli") || !c.getSimpleName().endsWith("Command")) continue;
            commands++;
            List<String> others = c.getDirectDependenciesFromSelf().stream().map(Dependency::getTargetClass)
                    .filter(t -> t.getPackageName().equals("io.vigil.cli") && t.getSimpleName().endsWith("Command"))
                    .filter(t -> !t.getName().equals(c.getName()) && !t.getName().startsWith(c.getName() + "$"))
                    .map(JavaClass::getName).distinct().toList();
            assertThat(others).as(c.getName() + " uses other commands").isEmpty();
        }
        assertThat(commands).as("the launcher's commands were looked at").isGreaterThanOrEqualTo(15);
    }

    @Test
    void packagesOfAModuleHaveNoCycles() {
        slices().matching("io.vigil.(*).(*)..").should().beFreeOfCycles().check(production);
    }
}
