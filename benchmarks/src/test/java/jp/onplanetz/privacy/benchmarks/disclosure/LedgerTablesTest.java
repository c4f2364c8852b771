package jp.onplanetz.privacy.benchmarks.disclosure;

import jp.onplanetz.privacy.localstack.LocalStack;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerTablesTest {

    @Test
    void theScratchCopyIsTheLedgersTablesAndIndexesFromTheServicesMigrationAndNothingElse() throws Exception {
        String ddl = LedgerTables.ddl(LocalStack.repositoryRoot().resolve(LedgerTables.MIGRATION));

        assertThat(ddl).contains("create table ledger_log (", "create table ledger_head (", "create table ledger_entry (",
                        "create table ledger_payload (", "create index ledger_payload_subject on ledger_payload",
                        "create index ledger_entry_retention on ledger_entry")
                .doesNotContain("grant ", "trigger", "ledger_checkpoint", "basis_check", "${app_role}");
    }

    @Test
    void aMigrationWithoutTheLedgerIsRefusedRatherThanGivingPgbenchOtherTables(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path migration = Files.writeString(dir.resolve("V2.sql"), "create table ledger_log (log_id varchar(64));\n");

        assertThatThrownBy(() -> LedgerTables.ddl(migration)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("creates 1 of the ledger's tables");
    }
}
