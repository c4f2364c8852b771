package jp.onplanetz.privacy.deploy.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An overlay as real Kustomize (the one inside the official kubectl) renders it: the documents a platform team's
 * {@code kubectl apply -k} would send. Rendered once per test JVM.
 */
public final class Kustomize {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Map<Overlay, Rendered> CACHE = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The {@code deploy/} directory (the module's own, where its tests run). */
    public static Path deployDir() {
        return Path.of("").toAbsolutePath();
    }

    public static Rendered render(Overlay overlay) {
        return CACHE.computeIfAbsent(overlay, o -> new Rendered(o, parse(build(deployDir().resolve(o.dir())))));
    }

    /** The YAML text {@code kubectl kustomize} prints for a directory. */
    public static String build(Path kustomizationDir) {
        try {
            Process process = new ProcessBuilder(Tools.kubectl().toString(), "kustomize", kustomizationDir.toString())
                    .redirectErrorStream(false).start();
            process.getOutputStream().close();
            var stdout = process.getInputStream().readAllBytes();
            var stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomizationDir + " failed: "
                        + new String(stderr, StandardCharsets.UTF_8));
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every document of a multi-document YAML stream, in order. */
    public static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                .readValues(new YAMLFactory().createParser(yaml))) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add((ObjectNode) node);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("not YAML: " + e.getMessage(), e);
        }
        return List.copyOf(documents);
    }

    /** An overlay's documents, with lookups by kind and name. */
    public record Rendered(Overlay overlay, List<ObjectNode> documents) {

        public List<ObjectNode> ofKind(String kind) {
            return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        }

        public Optional<ObjectNode> find(String kind, String name) {
            return ofKind(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText()))
                    .findFirst();
        }

        public ObjectNode get(String kind, String name) {
            return find(kind, name).orElseThrow(
                    () -> new AssertionError(overlay + " renders no " + kind + " named " + name));
        }
    }
}
