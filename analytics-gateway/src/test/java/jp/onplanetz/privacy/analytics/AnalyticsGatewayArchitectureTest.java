package jp.onplanetz.privacy.analytics;

import jp.onplanetz.privacy.testinfra.architecture.ServiceArchitectureContract;

class AnalyticsGatewayArchitectureTest extends ServiceArchitectureContract {
}
