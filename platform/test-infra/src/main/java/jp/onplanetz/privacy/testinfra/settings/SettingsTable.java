package jp.onplanetz.privacy.testinfra.settings;

import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The "## Settings" table of a service's README (environment variable, default, meaning), held to what the service
 * reads: every property of its {@code @ConfigMapping} interfaces is a row, under the environment variable SmallRye
 * reads it from, with the default the service's application.properties gives it; and every {@code PRIVACYOPS_} row is
 * such a property. An operator reads the table, not the code, so a setting added, renamed or given a new default
 * without the table fails the service's build. Rows of Quarkus' own settings (database, Kafka, OIDC, port) are the
 * README's to keep.
 */
public final class SettingsTable {

    private static final String HEADING = "## Settings";
    private static final String OWN_VARIABLES = "PRIVACYOPS_";
    /** The Default cell of a setting the service needs and has no default for. */
    public static final String NO_DEFAULT = "none";

    private final Map<String, String> defaultByVariable;

    private SettingsTable(Map<String, String> defaultByVariable) {
        this.defaultByVariable = defaultByVariable;
    }

    /**
     * The rows of the first table in {@code readme}'s Settings section: each row's first cell (the variable) to its
     * second (the default).
     */
    public static SettingsTable of(Path readme) {
        List<String> lines = lines(readme);
        int start = lines.indexOf(HEADING);
        if (start < 0) {
            throw new AssertionError(readme + " has no \"" + HEADING + "\" section");
        }
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ") || (inTable && !line.startsWith("|"))) {
                break;
            }
            inTable = line.startsWith("|");
            if (!inTable || line.startsWith("| ---") || line.startsWith("| Environment variable")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 4) {
                throw new AssertionError(readme + ": a Settings row has variable, default and meaning: " + line);
            }
            rows.put(unquoted(cells[1]), unquoted(cells[2]));
        }
        return new SettingsTable(rows);
    }

    /**
     * What the service reads: each property of {@code mappings} to its default, which is the default-profile value in
     * {@code applicationProperties}, else the mapping's own, else {@link #NO_DEFAULT}. A key of the file under a
     * mapping's prefix that no property reads is a mistake (a typo, or a setting renamed in the code only) and fails.
     */
    public static Map<String, String> settingsOf(Path applicationProperties, Class<?>... mappings) {
        Properties file = properties(applicationProperties);
        Map<String, String> settings = new TreeMap<>();
        List<String> prefixes = new ArrayList<>();
        for (Class<?> mapping : mappings) {
            ConfigMappings.ConfigClass configClass = ConfigMappings.ConfigClass.configClass(mapping);
            prefixes.add(configClass.getPrefix() + ".");
            ConfigMappings.getProperties(configClass).forEach((name, property) -> {
                if (!property.isGroup()) {
                    settings.put(name, file.getProperty(name, mappingDefault(property)));
                }
            });
        }
        List<String> unread = file.stringPropertyNames().stream()
                .filter(key -> prefixes.stream().anyMatch(key::startsWith) && !settings.containsKey(key)).sorted().toList();
        if (!unread.isEmpty()) {
            throw new AssertionError(applicationProperties + " sets " + unread + ", which no mapping reads");
        }
        return settings;
    }

    /** The variables the table has a row for. */
    public Set<String> variables() {
        return defaultByVariable.keySet();
    }

    /** The variable SmallRye reads {@code property} from: every character but letters and digits an underscore. */
    public static String environmentVariable(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Fails, naming each, for a setting missing from the table or with another default, and for a row of none. */
    public void assertLists(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        Map<String, String> expected = new TreeMap<>();
        settings.forEach((property, value) -> expected.put(environmentVariable(property), value));
        expected.forEach((variable, value) -> {
            if (!defaultByVariable.containsKey(variable)) {
                problems.add("no row for " + variable + " (default " + value + ")");
            } else if (!defaultByVariable.get(variable).equals(value)) {
                problems.add(variable + "'s row says the default is " + defaultByVariable.get(variable)
                        + ", the service's is " + value);
            }
        });
        defaultByVariable.keySet().stream()
                .filter(variable -> variable.startsWith(OWN_VARIABLES) && !expected.containsKey(variable))
                .forEach(variable -> problems.add("a row for " + variable + ", which the service does not read"));
        if (!problems.isEmpty()) {
            throw new AssertionError("The README's Settings table does not match the service's settings:\n  "
                    + String.join("\n  ", problems));
        }
    }

    private static String mappingDefault(ConfigMappingInterface.Property property) {
        return property.hasDefaultValue() ? property.getDefaultValue() : NO_DEFAULT;
    }

    private static String unquoted(String cell) {
        String trimmed = cell.trim();
        return trimmed.length() > 1 && trimmed.startsWith("`") && trimmed.endsWith("`")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
