package jp.onplanetz.privacy.deploy.validation;

import java.util.regex.Pattern;

/**
 * One way a document breaks the API it names: where (a path from the document's root, {@code $.spec.replicas},
 * {@code $.spec.template.spec.containers[0].name}, {@code $.metadata.labels["app.kubernetes.io/name"]}) and what.
 * Every validator reports in these terms, so a test (and a reader of a failed build) finds the offending field the
 * same way whichever validator refused it.
 */
public record Violation(String path, String message) {
    static final String ROOT = "$";
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    static String field(String parent, String name) {
        return PLAIN_NAME.matcher(name).matches() ? parent + "." + name
                : parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
