package jp.onplanetz.privacy.runtime.testapp;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares the test resources once for every test class of this module (one application start). */
@QuarkusTestResource(TestTopicResource.class)
public final class TestApplicationResources {
    private TestApplicationResources() {
    }
}
