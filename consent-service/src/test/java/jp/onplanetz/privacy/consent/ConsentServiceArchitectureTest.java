package jp.onplanetz.privacy.consent;

import jp.onplanetz.privacy.testinfra.architecture.ServiceArchitectureContract;

class ConsentServiceArchitectureTest extends ServiceArchitectureContract {
}
