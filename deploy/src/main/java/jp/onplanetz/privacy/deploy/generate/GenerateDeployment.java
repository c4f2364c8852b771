package jp.onplanetz.privacy.deploy.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes every generated file of {@code deploy/}. Run after changing the event catalogue, a service's Kafka
 * settings or the realm; {@code GeneratedFilesAreCommittedTest} fails while the committed files differ:
 *
 * <pre>./mvnw -q -B -ntp -pl deploy -am compile exec:java -Dexec.mainClass=jp.onplanetz.privacy.deploy.generate.GenerateDeployment</pre>
 */
public final class GenerateDeployment {

    private GenerateDeployment() {
    }

    /** Everything generated, in a stable order. */
    public static List<GeneratedFile> files(Path deployDir) {
        return Stream.<List<GeneratedFile>>of(
                // each generator adds its files here
                RealmImports.files(deployDir),
                KafkaResources.files(deployDir)
        ).flatMap(List::stream).toList();
    }

    public static void main(String[] args) throws IOException {
        Path deployDir = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        for (GeneratedFile file : files(deployDir)) {
            Path target = deployDir.resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.content(), StandardCharsets.UTF_8);
            System.out.println("wrote " + deployDir.relativize(target));
        }
    }
}
