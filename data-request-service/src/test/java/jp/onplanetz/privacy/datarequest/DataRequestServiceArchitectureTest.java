package jp.onplanetz.privacy.datarequest;

import jp.onplanetz.privacy.testinfra.architecture.ServiceArchitectureContract;

class DataRequestServiceArchitectureTest extends ServiceArchitectureContract {
}
