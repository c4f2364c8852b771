package jp.onplanetz.privacy.runtime;

import jp.onplanetz.privacy.runtime.datarequest.DataRequestsConfig;
import jp.onplanetz.privacy.runtime.outbox.OutboxConfig;
import jp.onplanetz.privacy.runtime.security.VerifiedTokensConfig;
import jp.onplanetz.privacy.testinfra.settings.SettingsTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class ConfigReadmeTest {

    @Test
    void theReadmesSettingsTableListsEverySharedSettingWithItsDefault() {
        SettingsTable.of(Path.of("README.md")).assertLists(SettingsTable.settingsOf(
                Path.of("src/main/resources/META-INF/microprofile-config.properties"),
                OutboxConfig.class, VerifiedTokensConfig.class, DataRequestsConfig.class));
    }
}
