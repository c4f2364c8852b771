package jp.onplanetz.privacy.testinfra.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTableTest {

    @ConfigMapping(prefix = "privacyops.example")
    interface ExampleConfig {
        Duration checkEvery();

        @WithDefault("7")
        int limit();

        Nested nested();

        interface Nested {
            String name();
        }
    }

    @TempDir
    Path dir;

    @Test
    void aSettingTakesItsDefaultFromTheFileElseFromTheMappingElseHasNone() throws IOException {
        Map<String, String> settings = SettingsTable.settingsOf(file("application.properties", """
                privacyops.example.check-every=PT30S
                %test.privacyops.example.nested.name=tests only
                """), ExampleConfig.class);

        assertThat(settings).containsExactly(Map.entry("privacyops.example.check-every", "PT30S"),
                Map.entry("privacyops.example.limit", "7"), Map.entry("privacyops.example.nested.name", "none"));
    }

    @Test
    void aKeyUnderTheMappingsPrefixThatNoPropertyReadsFails() throws IOException {
        Path properties = file("application.properties", "privacyops.example.chek-every=PT30S\n");

        assertThatThrownBy(() -> SettingsTable.settingsOf(properties, ExampleConfig.class))
                .hasMessageContaining("privacyops.example.chek-every");
    }

    @Test
    void aTableWithEverySettingAndItsDefaultPasses() throws IOException {
        table("""
                | `PRIVACYOPS_EXAMPLE_CHECK_EVERY` | `PT30S` | How often |
                | `PRIVACYOPS_EXAMPLE_LIMIT` | `7` | How many |
                | `QUARKUS_HTTP_PORT` | `8080` | Quarkus' own: not checked |
                """).assertLists(Map.of("privacyops.example.check-every", "PT30S", "privacyops.example.limit", "7"));
    }

    @Test
    void aMissingRowAnotherDefaultAndARowOfNoSettingEachFail() throws IOException {
        SettingsTable table = table("""
                | `PRIVACYOPS_EXAMPLE_CHECK_EVERY` | `PT1M` | How often |
                | `PRIVACYOPS_EXAMPLE_RENAMED` | `1` | Gone |
                """);

        assertThatThrownBy(() -> table.assertLists(Map.of("privacyops.example.check-every", "PT30S",
                "privacyops.example.limit", "7")))
                .hasMessageContaining("no row for PRIVACYOPS_EXAMPLE_LIMIT")
                .hasMessageContaining("PRIVACYOPS_EXAMPLE_CHECK_EVERY's row says the default is PT1M")
                .hasMessageContaining("a row for PRIVACYOPS_EXAMPLE_RENAMED");
    }

    @Test
    void onlyTheFirstTableOfTheSettingsSectionIsRead() throws IOException {
        SettingsTable table = SettingsTable.of(file("README.md", """
                # a service

                | endpoint | who may call |
                | --- | --- |
                | `GET /a` | anyone |

                ## Settings

                | Environment variable | Default | Meaning |
                | --- | --- | --- |
                | `PRIVACYOPS_EXAMPLE_LIMIT` | `7` | How many |

                | endpoint | who may call |
                | --- | --- |
                | `PRIVACYOPS_EXAMPLE_OTHER` | anyone |
                """));

        table.assertLists(Map.of("privacyops.example.limit", "7"));
    }

    private SettingsTable table(String rows) throws IOException {
        return SettingsTable.of(file("README.md", """
                # a service

                ## Settings

                | Environment variable | Default | Meaning |
                | --- | --- | --- |
                """ + rows + "\n## Next\n"));
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
