package jp.onplanetz.privacy.deploy;

import jp.onplanetz.privacy.deploy.generate.GenerateDeployment;
import jp.onplanetz.privacy.deploy.generate.GeneratedFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed generated files are what the generators make from today's code: a drift fails here. */
class GeneratedFilesAreCommittedTest {

    @TestFactory
    Stream<DynamicTest> everyGeneratedFileIsCommittedAsGenerated() {
        Path deployDir = Path.of("").toAbsolutePath();
        return GenerateDeployment.files(deployDir).stream().map((GeneratedFile file) -> DynamicTest.dynamicTest(
                file.path().toString(), () -> {
                    Path committed = deployDir.resolve(file.path());
                    assertThat(committed).as("%s is missing: run GenerateDeployment (see its javadoc)", file.path())
                            .exists();
                    assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                            .as("%s differs from what the code makes: run GenerateDeployment (see its javadoc)",
                                    file.path())
                            .isEqualTo(file.content());
                }));
    }
}
