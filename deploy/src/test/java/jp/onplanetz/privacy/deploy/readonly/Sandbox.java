package jp.onplanetz.privacy.deploy.readonly;

import jp.onplanetz.privacy.deploy.render.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The bubblewrap command that runs a process the way the restricted Pod Security profile runs a container: as the
 * pod's non-root user in a user namespace of its own, every capability dropped, its own PID namespace, the whole
 * root file system read-only, writable only where the pod has an {@code emptyDir}, the Secrets' files bound
 * read-only at their mount paths, and exactly the pod's environment. The network is the host's: the infrastructure
 * the services talk to listens on its loopback.
 * <p>
 * A mount path whose directories do not exist on this machine (/etc/privacy-ops/..., /var/lib/privacy-ops/...)
 * cannot be made under a read-only root: its nearest existing ancestor is rebuilt on a tmpfs holding the host's
 * entries (each bound read-only), the mount is made in it, and the tmpfs is then made read-only too, so the
 * result is what an image with those directories would give.
 */
final class Sandbox {

    private final long uid;
    private final long gid;
    private final List<String> writable = new ArrayList<>();
    private final Map<String, Path> readOnly = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String workingDirectory = "/";

    private Sandbox(long uid, long gid) {
        this.uid = uid;
        this.gid = gid;
    }

    static Sandbox asUser(long uid, long gid) {
        return new Sandbox(uid, gid);
    }

    /** A writable, empty directory at {@code path} (an {@code emptyDir}), private to this sandbox. */
    Sandbox writable(String path) {
        writable.add(absolute(path));
        return this;
    }

    /** {@code source} (a file or a directory) bound read-only at {@code path}. */
    Sandbox readOnly(Path source, String path) {
        readOnly.put(absolute(path), source.toAbsolutePath());
        return this;
    }

    Sandbox environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    Sandbox workingDirectory(String path) {
        workingDirectory = absolute(path);
        return this;
    }

    /** The command prefix: bubblewrap with these settings, to be followed by the command to run inside. */
    List<String> command() {
        List<String> args = new ArrayList<>(List.of(Tools.bwrap().toString(),
                // the sandbox ends with the test JVM, even if it is killed
                "--die-with-parent",
                "--unshare-user", "--uid", Long.toString(uid), "--gid", Long.toString(gid),
                "--unshare-pid", "--cap-drop", "ALL",
                "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
        TreeSet<String> rebuilt = rebuiltAncestors();
        for (String dir : rebuilt) {
            args.addAll(List.of("--tmpfs", dir));
            args.addAll(hostEntries(Path.of(dir)));
        }
        for (String dir : writable) {
            args.addAll(List.of("--tmpfs", dir));
        }
        readOnly.forEach((path, source) -> args.addAll(List.of("--ro-bind", source.toString(), path)));
        for (String dir : rebuilt) {
            args.addAll(List.of("--remount-ro", dir));
        }
        args.add("--clearenv"); // the container's environment is the pod's, nothing of the test JVM's
        environment.forEach((name, value) -> args.addAll(List.of("--setenv", name, value)));
        args.addAll(List.of("--chdir", workingDirectory));
        return args;
    }

    /** The nearest existing ancestors of the mount paths that do not exist on this machine, outermost only. */
    private TreeSet<String> rebuiltAncestors() {
        TreeSet<String> ancestors = new TreeSet<>();
        Stream.concat(writable.stream(), readOnly.keySet().stream()).map(Path::of).filter(p -> !Files.exists(p))
                .forEach(missing -> {
                    Path existing = missing.getParent();
                    while (!Files.isDirectory(existing)) {
                        existing = existing.getParent();
                    }
                    if (existing.getParent() == null) {
                        throw new IllegalArgumentException(missing + " would need a new top-level directory");
                    }
                    ancestors.add(existing.toString());
                });
        // an ancestor inside another one is rebuilt with it
        ancestors.removeIf(a -> ancestors.stream().anyMatch(b -> !a.equals(b) && Path.of(a).startsWith(b)));
        return ancestors;
    }

    /** The host's entries of {@code dir}, bound read-only (symbolic links recreated as they are). */
    private static List<String> hostEntries(Path dir) {
        List<String> args = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.sorted(Comparator.naturalOrder()).toList()) {
                if (Files.isSymbolicLink(entry)) {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(entry).toString(), entry.toString()));
                } else {
                    args.addAll(List.of("--ro-bind", entry.toString(), entry.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return args;
    }

    private static String absolute(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + path);
        }
        return Path.of(path).normalize().toString();
    }
}
