package jp.onplanetz.privacy.consent.config;

import jp.onplanetz.privacy.testinfra.settings.SettingsTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class ConfigReadmeTest {

    @Test
    void theReadmesSettingsTableListsEverySettingWithItsDefault() {
        SettingsTable.of(Path.of("README.md")).assertLists(
                SettingsTable.settingsOf(Path.of("src/main/resources/application.properties"), ReceiptConfig.class));
    }
}
