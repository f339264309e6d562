package io.careloop.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, enforced: the playbook's decisions and the ports they use know nothing of AWS; adapters
 * know nothing of configuration or wiring; handlers only adapt; and no two packages depend on each other.
 */
class DependencyRulesTest {
    /** Where AWS (SDK or Lambda) types may appear: the adapters, the handlers and the wiring that builds them. */
    static final String[] AWS_AWARE = {
            "io.careloop.handler..", "io.careloop.wiring..", "io.careloop.store.dynamo..", "io.careloop.queue.sqs..",
            "io.careloop.config.aws..", "io.careloop.events.eventbridge.."};
    static final String[] AWS_TYPES = {"software.amazon..", "com.amazonaws.."};

    static final JavaClasses CARELOOP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.careloop");

    @Test
    void useCasesPortsAndDomainUseNoAwsTypes() {
        check(noClasses().that().resideInAPackage("io.careloop..").and().resideOutsideOfPackages(AWS_AWARE)
                .should().dependOnClassesThat().resideInAnyPackage(AWS_TYPES)
                .because("the playbook's decisions must be testable without AWS; only adapters, handlers and wiring touch it"));
    }

    @Test
    void noPackageCycles() {
        check(slices().matching("io.careloop.(**)").should().beFreeOfCycles());
    }

    @Test
    void adaptersNeverDependOnConfigurationOrWiring() {
        check(noClasses().that().resideInAnyPackage("io.careloop.store..", "io.careloop.queue..")
                .should().dependOnClassesThat().resideInAnyPackage("io.careloop.config..", "io.careloop.wiring..",
                        "io.careloop.handler.."));
    }

    @Test
    void handlersOnlyAdapt() {
        check(noClasses().that().resideInAPackage("io.careloop.handler..")
                .should().dependOnClassesThat().resideInAnyPackage("io.careloop.store..", "io.careloop.queue.sqs..",
                        "io.careloop.platform..", "io.careloop.config..", "software.amazon.awssdk..")
                .because("a handler turns an AWS event into a use case call and back; wiring builds what it calls"));
    }

    @Test
    void useCasesAreBuiltOnlyByTheWiring() {
        check(noClasses().that().resideOutsideOfPackages("io.careloop.wiring..", "io.careloop.store.dynamo..",
                        "io.careloop.queue.sqs..", "io.careloop.config.aws..", "io.careloop.events.eventbridge..")
                .should().dependOnClassesThat().resideInAnyPackage("io.careloop.store.dynamo..", "io.careloop.queue.sqs..",
                        "io.careloop.config.aws..", "io.careloop.events.eventbridge..")
                .because("adapters are chosen in one place"));
    }

    @Test
    void domainDependsOnNoUseCase() {
        check(noClasses().that().resideInAnyPackage("io.careloop.core..", "io.careloop.cases..", "io.careloop.incidents..")
                .should().dependOnClassesThat().resideInAnyPackage("io.careloop.triage..", "io.careloop.reply..",
                        "io.careloop.followup..", "io.careloop.poll..", "io.careloop.api..", "io.careloop.webhook..",
                        "io.careloop.store..", "io.careloop.queue..", "io.careloop.platform..", "io.careloop.config.."));
    }

    @Test
    void useCasesDependOnNoOtherUseCase() {
        check(slices().matching("io.careloop.(webhook|poll|triage|reply|followup|api)..").should().notDependOnEachOther()
                .because("each function's use case stands alone; what they share lives in cases, voice, platform or store"));
    }

    @Test
    void portsAreInterfaces() {
        check(classes().that().resideInAPackage("io.careloop.store").and().areTopLevelClasses()
                .and().doNotHaveSimpleName("InvalidCursorException")
                .should().beInterfaces());
    }

    private static void check(ArchRule rule) {
        rule.check(CARELOOP);
    }
}
