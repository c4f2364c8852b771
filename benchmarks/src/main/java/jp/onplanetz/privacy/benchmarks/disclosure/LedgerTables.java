package jp.onplanetz.privacy.benchmarks.disclosure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ledger's four tables and their indexes as disclosure-log-service's own migration creates them, for pgbench's
 * scratch copy: read from the migration, so that the baseline appends to the tables the service has. The grants and
 * the append-only triggers are left out: the scratch database has no service role, and the triggers fire on UPDATE and
 * DELETE of entries and payloads, never on an append.
 */
final class LedgerTables {

    static final Path MIGRATION = Path.of("disclosure-log-service/src/main/resources/db/migration/V2__provision_ledger.sql");
    static final List<String> NAMES = List.of("ledger_log", "ledger_head", "ledger_entry", "ledger_payload");

    private static final Pattern CREATES_ONE = Pattern.compile(
            "^create (table|index \\w+ on) (" + String.join("|", NAMES) + ")\\b");

    private LedgerTables() {
    }

    /** The {@code create table} and {@code create index} statements of {@link #NAMES} in {@code migration}. */
    static String ddl(Path migration) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String statement : Files.readString(migration).split(";\\s*\\n")) {
            String code = statement.lines().filter(l -> !l.strip().startsWith("--"))
                    .collect(Collectors.joining("\n")).strip();
            if (CREATES_ONE.matcher(code).find()) {
                kept.add(code + ";");
            }
        }
        long tables = kept.stream().filter(s -> s.startsWith("create table")).count();
        if (tables != NAMES.size()) {
            throw new IllegalStateException(migration + " creates " + tables + " of the ledger's tables " + NAMES
                    + ": has the ledger moved to another migration?");
        }
        return String.join("\n", kept);
    }
}
