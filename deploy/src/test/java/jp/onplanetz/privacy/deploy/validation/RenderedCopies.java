package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;

/**
 * A copy of a real document of the prod overlay, for the validators' own tests to break: a typo test against the
 * documents a platform team installs, not against a sample that could drift from them. (A copy: the rendering is
 * shared by every test of the JVM.)
 */
final class RenderedCopies {
    private RenderedCopies() {
    }

    static ObjectNode prod(String kind, String name) {
        return Kustomize.render(Overlay.PROD).get(kind, name).deepCopy();
    }
}
