package jp.onplanetz.privacy.testinfra.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each layout rule holds for a service laid out as the suite wants, and fails, naming both classes, on a service
 * that breaks it (the made-up services of the {@code fixture} package).
 */
class LayoutRuleArchitectureTest {

    private static final String FIXTURE = "jp.onplanetz.privacy.testinfra.architecture.fixture.";
    private static final String KEPT = FIXTURE + "kept";
    private static final String BROKEN = FIXTURE + "broken";

    private static final JavaClasses KEPT_CLASSES = new ClassFileImporter().importPackages(KEPT);
    private static final JavaClasses BROKEN_CLASSES = new ClassFileImporter().importPackages(BROKEN);

    @ParameterizedTest
    @EnumSource(LayoutRule.class)
    void everyRuleHoldsForALayeredServiceThatUsesThePlatform(LayoutRule rule) {
        rule.of(KEPT).check(KEPT_CLASSES);
    }

    @ParameterizedTest
    @EnumSource(LayoutRule.class)
    void everyRuleFailsOnAServiceThatBreaksIt(LayoutRule rule) {
        assertThat(rule.of(BROKEN).evaluate(BROKEN_CLASSES).hasViolation()).as(rule + " on " + BROKEN).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "REST_DOES_NOT_REACH_REPOSITORY, broken.rest.ItemResource,         broken.repository.ItemRepository",
            "REPOSITORY_DOES_NOT_REACH_REST, broken.repository.ItemRepository, broken.rest.ItemView",
            "EVENTS_DO_NOT_REACH_REPOSITORY, broken.events.ItemEventsConsumer, broken.repository.ItemRepository",
            "SHARES_ONLY_THE_PLATFORM,       broken.service.ItemService,       kept.service.OrderService",
    })
    void theFailureNamesTheClassAndWhatItMayNotReach(LayoutRule rule, String from, String to) {
        EvaluationResult result = rule.of(BROKEN).evaluate(BROKEN_CLASSES);

        assertThat(result.getFailureReport().getDetails()).as(rule.toString())
                .anySatisfy(line -> assertThat(line).contains("<" + FIXTURE + from).contains("<" + FIXTURE + to));
        assertThat(result.getFailureReport().getDetails())
                .allSatisfy(line -> assertThat(line).contains("<" + FIXTURE + from));
    }
}
