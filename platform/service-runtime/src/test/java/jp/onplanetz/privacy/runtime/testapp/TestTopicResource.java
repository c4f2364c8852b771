package jp.onplanetz.privacy.runtime.testapp;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;

import java.util.Map;

/** Creates the test topic before the application's consumer subscribes (the broker does not auto-create). */
public class TestTopicResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        SuiteInfrastructure.get().kafka().createTopic(TestEvents.TOPIC, TestEvents.TOPIC_SPEC.partitions());
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
