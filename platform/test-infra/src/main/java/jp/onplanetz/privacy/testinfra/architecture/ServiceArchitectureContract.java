package jp.onplanetz.privacy.testinfra.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every {@link LayoutRule} over one service's main classes, run by each service's tests: a subclass in the
 * service's root package (the package every class of the service is below), e.g.
 * {@code jp.onplanetz.privacy.consent.ConsentServiceArchitectureTest}. A plain JUnit test: no application starts.
 */
public abstract class ServiceArchitectureContract {

    /** The service's root package: the package of the subclass. */
    protected String rootPackage() {
        return getClass().getPackageName();
    }

    @TestFactory
    Stream<DynamicTest> theServiceKeepsTheSuiteLayout() {
        String root = rootPackage();
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
        assertFalse(classes.isEmpty(), "no main classes below " + root);
        return Arrays.stream(LayoutRule.values())
                .map(rule -> dynamicTest(rule.name(), () -> rule.of(root).check(classes)));
    }
}
