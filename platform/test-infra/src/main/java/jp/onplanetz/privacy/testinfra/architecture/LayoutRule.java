package jp.onplanetz.privacy.testinfra.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layout every service of the suite keeps, one rule per constant, stated over the service's root package
 * (e.g. {@code jp.onplanetz.privacy.consent}) and its role packages ({@code rest}, {@code repository},
 * {@code events}), never over class names: a class may move between packages of the same role freely.
 * Each service's {@code *ArchitectureTest} applies all of them ({@link ServiceArchitectureContract}).
 */
public enum LayoutRule {

    /** A resource calls a service. */
    REST_DOES_NOT_REACH_REPOSITORY("rest", "repository",
            "a resource reaches the data through a service, which owns the transaction and the rules"),

    /** Persistence knows nothing of HTTP: no request, response or resource type below the service layer. */
    REPOSITORY_DOES_NOT_REACH_REST("repository", "rest", "persistence serves every caller, not one HTTP API"),

    /** Consumers and publishers are the Kafka side of the service, as resources are its HTTP side. */
    EVENTS_DO_NOT_REACH_REPOSITORY("events", "repository",
            "an event is handled by a service, like a request, so both take the same rules"),

    /**
     * A service reaches the rest of the suite only through what platform/ shares (service-runtime's
     * {@code runtime} packages and event-contract's {@code events}): services talk over Kafka and HTTP, never by
     * importing one another's classes.
     */
    SHARES_ONLY_THE_PLATFORM(null, null, "only platform/* is shared between services") {
        @Override
        public ArchRule of(String root) {
            DescribedPredicate<JavaClass> elsewhereInTheSuite = resideInAPackage(SUITE + "..")
                    .and(DescribedPredicate.not(resideInAnyPackage(root + "..", PLATFORM_RUNTIME, PLATFORM_EVENTS)))
                    .as("reside in the suite (" + SUITE + ") outside " + root + " and platform's "
                            + PLATFORM_RUNTIME + ", " + PLATFORM_EVENTS);
            return noClasses().that().resideInAPackage(root + "..")
                    .should().dependOnClassesThat(elsewhereInTheSuite).because(reason);
        }
    };

    /** Every service's and platform module's packages are below this one. */
    public static final String SUITE = "jp.onplanetz.privacy";
    /** platform/service-runtime. */
    public static final String PLATFORM_RUNTIME = SUITE + ".runtime..";
    /** platform/event-contract. */
    public static final String PLATFORM_EVENTS = SUITE + ".events..";

    private final String layer;
    private final String mayNotReach;
    final String reason;

    LayoutRule(String layer, String mayNotReach, String reason) {
        this.layer = layer;
        this.mayNotReach = mayNotReach;
        this.reason = reason;
    }

    /** The rule for the service whose classes are below {@code root}: one role package may not reach another. */
    public ArchRule of(String root) {
        return noClasses().that().resideInAPackage(root + "." + layer + "..")
                .should().dependOnClassesThat().resideInAPackage(root + "." + mayNotReach + "..").because(reason);
    }
}
