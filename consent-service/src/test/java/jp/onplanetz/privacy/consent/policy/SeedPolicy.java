package jp.onplanetz.privacy.consent.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The policy the service seeds its first draft with, read from the Flyway migration itself, so that unit
 * tests run against the real terms and not a copy that could drift from them.
 */
public final class SeedPolicy {

    static final String MIGRATION = "db/migration/V2__policy_versions_and_consent_history.sql";
    private static final String START = "values (1, '";
    private static final String END = "', now()";

    private SeedPolicy() {
    }

    /** The JSON of the {@code insert into policy_draft} literal, SQL quoting undone. */
    public static String json() {
        String sql;
        try (InputStream in = SeedPolicy.class.getClassLoader().getResourceAsStream(MIGRATION)) {
            if (in == null) {
                throw new IllegalStateException(MIGRATION + " is not on the test class path");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = sql.indexOf(START);
        int end = sql.indexOf(END, start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("the policy_draft insert is not where " + MIGRATION + " had it");
        }
        return sql.substring(start + START.length(), end).replace("''", "'");
    }

    public static PolicyContent content() {
        return PolicyCanon.parse(json());
    }
}
