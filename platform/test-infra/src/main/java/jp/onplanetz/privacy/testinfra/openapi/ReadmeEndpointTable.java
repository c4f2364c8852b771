package jp.onplanetz.privacy.testinfra.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoint table of a service's README ({@code ## Endpoints}: method, path, roles, what it does), held against
 * the OpenAPI document the service serves, which the code's {@code @Path} and {@code @RolesAllowed} make: a newcomer
 * reads who may call what in the README, so it may not differ from what the code allows.
 *
 * <p>A row's roles cell names roles in backticks ({@code `privacy-officer`, `operator`}); without any it says
 * {@value #PUBLIC} (the operation wants no token) or {@value #ANY_CALLER} (a token, any role). Prose around the
 * backticked names is free ({@code `data-subject` (its own)}).
 */
public final class ReadmeEndpointTable {

    public static final String HEADING = "## Endpoints";
    public static final String PUBLIC = "no token";
    public static final String ANY_CALLER = "any signed-in caller";

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    /** Who may call an operation: nobody needs a token, or a token with one of {@code roles} (empty: any role). */
    record Access(boolean token, Set<String> roles) {
        static final Access OPEN = new Access(false, Set.of());

        @Override
        public String toString() {
            return !token ? PUBLIC : roles.isEmpty() ? ANY_CALLER : String.join(", ", roles);
        }
    }

    private final Map<String, Access> rows;
    private final List<String> unreadable;

    private ReadmeEndpointTable(Map<String, Access> rows, List<String> unreadable) {
        this.rows = rows;
        this.unreadable = unreadable;
    }

    public static ReadmeEndpointTable read(Path readme) {
        try {
            return parse(Files.readString(readme));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table under {@value #HEADING}, up to the next heading of the same level; its first two rows are its head. */
    public static ReadmeEndpointTable parse(String markdown) {
        Map<String, Access> rows = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        boolean inSection = false;
        int tableLine = 0;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inSection = line.strip().equals(HEADING);
                continue;
            }
            if (!inSection || !line.startsWith("|") || tableLine++ < 2) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            if (cells.length < 5) {
                unreadable.add("a row without method, path and roles: " + line);
                continue;
            }
            String operation = cells[1].strip().replace("`", "").toUpperCase(Locale.ROOT) + " "
                    + cells[2].strip().replace("`", "");
            Access access = listedAccess(cells[3]);
            if (access == null) {
                unreadable.add(operation + ": roles in backticks, or '" + PUBLIC + "' or '" + ANY_CALLER + "', not '"
                        + cells[3].strip() + "'");
            } else if (rows.put(operation, access) != null) {
                unreadable.add(operation + " has two rows");
            }
        }
        if (rows.isEmpty()) {
            unreadable.add("no table under " + HEADING);
        }
        return new ReadmeEndpointTable(rows, unreadable);
    }

    /** The access a roles cell states, or null where it states none. */
    private static Access listedAccess(String cell) {
        Set<String> roles = new TreeSet<>();
        Matcher m = BACKTICKED.matcher(cell);
        while (m.find()) {
            roles.add(m.group(1).strip());
        }
        if (!roles.isEmpty() || cell.strip().startsWith(ANY_CALLER)) {
            return new Access(true, roles);
        }
        return cell.strip().startsWith(PUBLIC) ? Access.OPEN : null;
    }

    /**
     * Every way the table and the document differ: an operation the table lacks, a row for an operation the
     * document does not have, roles other than the document's; empty when they agree.
     */
    public List<String> differencesFrom(OpenApiDocument document) {
        List<String> wrong = new ArrayList<>(unreadable);
        Map<String, Access> documented = new LinkedHashMap<>();
        for (OpenApiDocument.Operation op : document.operations()) {
            documented.put(op.name(), documentedAccess(op.node()));
        }
        documented.forEach((operation, access) -> {
            Access listed = rows.get(operation);
            if (listed == null) {
                wrong.add(operation + " (" + access + ") is missing from the README's endpoint table");
            } else if (!listed.equals(access)) {
                wrong.add(operation + ": the README says " + listed + ", the code allows " + access);
            }
        });
        rows.keySet().stream().filter(operation -> !documented.containsKey(operation))
                .forEach(operation -> wrong.add(operation + " is in the README's endpoint table but not in the API"));
        return wrong;
    }

    /** An operation's {@code security}: none is public; a requirement with no scopes is any signed-in caller. */
    private static Access documentedAccess(JsonNode operation) {
        JsonNode security = operation.path("security");
        if (security.isEmpty()) {
            return Access.OPEN;
        }
        Set<String> roles = new TreeSet<>();
        for (JsonNode requirement : security) {
            requirement.forEach(scopes -> scopes.forEach(role -> roles.add(role.asText())));
        }
        return new Access(true, roles);
    }
}
