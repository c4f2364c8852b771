package jp.onplanetz.privacy.testinfra.sweep;

import java.util.regex.Pattern;

/**
 * The shortest plain value that a field's {@code pattern} accepts, for the simple patterns an API document holds
 * (character classes, {@code \S}, {@code .}, literals, {@code {n,m}}, {@code + * ?}, top-level alternation):
 * enough to build a request that is valid except for the one thing a sweep changes. Returns {@code null} when
 * it cannot find one; the caller then knows its base value may already be refused.
 */
final class PatternSample {
    private PatternSample() {
    }

    static String of(String regex) {
        String body = regex.replace("(?s)", "");
        int bar = topLevelBar(body);
        if (bar >= 0) {
            body = body.substring(0, bar);
        }
        body = strip(body);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char atom;
            char c = body.charAt(i);
            if (c == '[') {
                int end = body.indexOf(']', i + 1);
                if (end < 0) {
                    return null;
                }
                atom = firstOfClass(body.substring(i + 1, end));
                i = end + 1;
            } else if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(i + 1);
                atom = switch (e) {
                    case 'S', 'w' -> 'a';
                    case 'd' -> '1';
                    case 's' -> ' ';
                    default -> e;
                };
                i += 2;
            } else if (c == '.') {
                atom = 'a';
                i++;
            } else if ("()|^$".indexOf(c) >= 0) {
                return null;
            } else {
                atom = c;
                i++;
            }
            int times = 1;
            if (i < body.length()) {
                char q = body.charAt(i);
                if (q == '{') {
                    int end = body.indexOf('}', i);
                    String[] bounds = body.substring(i + 1, end).split(",");
                    times = Math.max(Integer.parseInt(bounds[0].trim()), 1);
                    i = end + 1;
                } else if (q == '+' || q == '*' || q == '?') {
                    times = 1;
                    i++;
                }
            }
            out.append(String.valueOf(atom).repeat(times));
        }
        String sample = out.toString();
        return Pattern.compile(regex).matcher(sample).matches() ? sample : null;
    }

    private static String strip(String body) {
        String s = body;
        if (s.startsWith("^")) {
            s = s.substring(1);
        }
        if (s.endsWith("$") && !s.endsWith("\\$")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static int topLevelBar(String s) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && c == '(') {
                depth++;
            } else if (!inClass && c == ')') {
                depth--;
            } else if (!inClass && depth == 0 && c == '|') {
                return i;
            }
        }
        return -1;
    }

    private static char firstOfClass(String cls) {
        if (cls.startsWith("\\")) {
            return cls.length() > 1 && cls.charAt(1) == 'd' ? '1' : cls.length() > 1 ? cls.charAt(1) : 'a';
        }
        return cls.charAt(0);
    }
}
