package jp.onplanetz.privacy.disclosurelog;

import jp.onplanetz.privacy.testinfra.architecture.ServiceArchitectureContract;

class DisclosureLogServiceArchitectureTest extends ServiceArchitectureContract {
}
