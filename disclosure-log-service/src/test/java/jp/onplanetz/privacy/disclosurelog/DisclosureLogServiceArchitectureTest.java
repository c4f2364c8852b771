package jp.onplanetz.privacy.disclosurelog;

import jp.onplanetz.privacy.testinfra.architecture.LayoutRule;
import jp.onplanetz.privacy.testinfra.architecture.ServiceArchitectureContract;

import java.util.Set;

class DisclosureLogServiceArchitectureTest extends ServiceArchitectureContract {

    /**
     * The registers' value types (a legal hold, a legal-exception use and its review state, the record and release
     * filters) are declared inside their repositories, so the resources that take or return them name the
     * repository, and the ledger's resource reads the log heads from its repository; the data-use consumer records a
     * legal-exception use through its repository. Both rules hold once those types sit beside their services and the
     * reads and the write go through a service.
     */
    @Override
    protected Set<LayoutRule> notKeptYet() {
        return Set.of(LayoutRule.REST_DOES_NOT_REACH_REPOSITORY, LayoutRule.EVENTS_DO_NOT_REACH_REPOSITORY);
    }
}
