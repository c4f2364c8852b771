package jp.onplanetz.privacy.runtime.problem;

import jakarta.ws.rs.core.Response;
import jp.onplanetz.privacy.events.IdentifierUris;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A problem's {@code type} is a URI reference that clients compare and look up (RFC 9457 section 3.1.1): every type
 * the suite answers with must be a valid absolute URI, which an invalid URN is not. An identifier: nothing is promised
 * to answer at that address.
 */
class ProblemTypesTest {

    /** Where a problem type's slug is written in the services' code. */
    private static final List<Pattern> SLUG_SITES = List.of(
            Pattern.compile("Problem\\.of\\(\\s*[\\w.]+\\s*,\\s*\"([^\"]*)\""),
            Pattern.compile("ProblemException\\.conflict\\(\\s*\"([^\"]*)\""),
            // Problem's own prefix, not the event catalogue's prefix of the same name
            Pattern.compile("(?:Problem\\.|(?<![\\w.]))TYPE_PREFIX\\s*\\+\\s*\"([^\"]*)\""));

    @Test
    void theTypesOfTheSharedProblemsAreValidAbsoluteUris() {
        assertThat(Problem.TYPE_PREFIX).startsWith("https://privacy.onplanetz.jp/problems/");
        for (Problem problem : List.of(Problem.invalid("bad", List.of()), Problem.of(Response.Status.NOT_FOUND,
                "not-found", "gone"), ProblemException.conflict("duplicate-grant", "again").problem(),
                ProblemException.forbidden("no").problem(), ProblemException.notFound("x").problem())) {
            assertThat(IdentifierUris.defect(problem.type())).as(problem.type()).isEmpty();
        }
    }

    @Test
    void everyProblemTypeTheServicesCodeNamesIsAValidAbsoluteUri() {
        Map<String, Path> slugs = slugsInMainSources(checkoutRoot());
        // the scan must see the code, or it would pass on nothing
        assertThat(slugs).containsKeys("invalid-request", "use-denied", "not-found", "forbidden", "duplicate-grant",
                "no-bundle");
        slugs.forEach((slug, file) -> {
            assertThat(slug).as("slug in %s", file).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(IdentifierUris.defect(Problem.TYPE_PREFIX + slug)).as("type %s%s from %s", Problem.TYPE_PREFIX,
                    slug, file).isEmpty();
        });
    }

    @Test
    void theTypesDerivedFromAStatusPhraseAreValidToo() {
        // ProblemExceptionMappers names the problems of framework refusals (405, 406, 415 ...) after the reason phrase
        for (Response.Status status : Response.Status.values()) {
            String slug = status.getReasonPhrase().toLowerCase().replaceAll("[^a-z]+", "-");
            assertThat(IdentifierUris.defect(Problem.TYPE_PREFIX + slug)).as(status.toString()).isEmpty();
        }
    }

    @Test
    void theFormerUrnTypesWouldFailTheCheck() {
        assertThat(IdentifierUris.defect("urn:jp.onplanetz.privacy:problem:use-denied")).isPresent();
    }

    private static Map<String, Path> slugsInMainSources(Path root) {
        Map<String, Path> slugs = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    return name.equals("target") || name.equals("node_modules") || (name.startsWith(".")
                            && !dir.equals(root)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (file.toString().endsWith(".java") && file.toString().contains("/src/main/java/")) {
                        String code = Files.readString(file);
                        for (Pattern site : SLUG_SITES) {
                            Matcher m = site.matcher(code);
                            while (m.find()) {
                                slugs.putIfAbsent(m.group(1), root.relativize(file));
                            }
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return slugs;
    }

    private static Path checkoutRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        assertThat(p).as("the checkout's root (holding mvnw) above the working directory").isNotNull();
        return p;
    }
}
