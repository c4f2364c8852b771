package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small documents under src/test/resources/validation, for the validators' own tests. */
final class Fixtures {
    private Fixtures() {
    }

    static ObjectNode document(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/validation/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture validation/" + name);
            }
            List<ObjectNode> documents = Kustomize.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return documents.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
