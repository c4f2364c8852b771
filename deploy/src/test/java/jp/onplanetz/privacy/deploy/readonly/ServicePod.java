package jp.onplanetz.privacy.deploy.readonly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rendered workload (a Deployment's or a Job's pod template) gives its one container at run time: the user
 * and group it runs as, its environment (literal values, and values from Secrets), its writable {@code emptyDir}
 * paths and the Secrets and ConfigMaps mounted into it. The read-only run builds its sandbox from exactly this.
 *
 * @param env        literal values, by name, in the manifest's order
 * @param secretEnv  values a Secret gives, by name
 * @param emptyDirs  the mount paths of the container's {@code emptyDir} volumes
 * @param fileMounts the container's mounts of Secret and ConfigMap volumes
 */
record ServicePod(String workload, long runAsUser, long runAsGroup, Map<String, String> env,
        Map<String, SecretKey> secretEnv, List<String> emptyDirs, List<FileMount> fileMounts) {

    /** One key of a Secret. */
    record SecretKey(String secret, String key) {
    }

    /** Where a mounted volume's files come from. */
    enum Source { SECRET, CONFIG_MAP }

    /**
     * A Secret or ConfigMap volume mounted at {@code mountPath}: with a {@code subPath}, the one file of that name;
     * without, a directory holding the {@code items} (key to file name), or every key as a file of its name when
     * items is empty; files with {@code mode} (the volume's defaultMode, 0644 unless set).
     */
    record FileMount(Source source, String name, String mountPath, Optional<String> subPath, Map<String, String> items,
            int mode) {

        /** The path inside the container of the file holding {@code key}. */
        String pathOf(String key) {
            if (subPath.isPresent()) {
                return mountPath;
            }
            return mountPath + "/" + items.getOrDefault(key, key);
        }
    }

    /** The pod without the mount at {@code mountPath}: a pod whose Secret is not there. */
    ServicePod without(String mountPath) {
        return new ServicePod(workload, runAsUser, runAsGroup, env, secretEnv, emptyDirs,
                fileMounts.stream().filter(m -> !m.mountPath().equals(mountPath)).toList());
    }

    /** The mount that holds {@code key} of Secret {@code secret}. */
    FileMount secretMount(String secret) {
        return fileMounts.stream().filter(m -> m.source() == Source.SECRET && m.name().equals(secret)).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " mounts no Secret " + secret));
    }

    /** The pod of {@code workload} (a Deployment or a Job: {@code spec.template}) and its only container. */
    static ServicePod of(ObjectNode workload) {
        String name = workload.path("metadata").path("name").asText();
        JsonNode pod = workload.path("spec").path("template").path("spec");
        JsonNode containers = pod.path("containers");
        if (containers.size() != 1) {
            throw new AssertionError(name + " has " + containers.size() + " containers; the read-only run knows one");
        }
        JsonNode container = containers.get(0);
        long uid = securityId(pod, container, "runAsUser", name);
        long gid = securityId(pod, container, "runAsGroup", name);

        Map<String, String> env = new LinkedHashMap<>();
        Map<String, SecretKey> secretEnv = new LinkedHashMap<>();
        for (JsonNode var : container.path("env")) {
            String varName = var.path("name").asText();
            if (var.has("value")) {
                env.put(varName, var.path("value").asText());
            } else if (var.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = var.path("valueFrom").path("secretKeyRef");
                secretEnv.put(varName, new SecretKey(ref.path("name").asText(), ref.path("key").asText()));
            } else {
                throw new AssertionError(name + "'s env " + varName + " comes from " + var.path("valueFrom")
                        + ", which the read-only run cannot give");
            }
        }
        if (container.has("envFrom")) {
            throw new AssertionError(name + " takes envFrom, which the read-only run cannot give");
        }

        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        List<String> emptyDirs = new ArrayList<>();
        List<FileMount> fileMounts = new ArrayList<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            String path = mount.path("mountPath").asText();
            if (volume == null) {
                throw new AssertionError(name + " mounts a volume it does not declare: " + mount);
            } else if (volume.has("emptyDir")) {
                emptyDirs.add(path);
            } else if (volume.has("secret") || volume.has("configMap")) {
                boolean secret = volume.has("secret");
                JsonNode source = secret ? volume.path("secret") : volume.path("configMap");
                Map<String, String> items = new LinkedHashMap<>();
                source.path("items").forEach(i -> items.put(i.path("key").asText(), i.path("path").asText()));
                fileMounts.add(new FileMount(secret ? Source.SECRET : Source.CONFIG_MAP,
                        source.path(secret ? "secretName" : "name").asText(), path,
                        mount.hasNonNull("subPath") ? Optional.of(mount.path("subPath").asText()) : Optional.empty(),
                        items, source.path("defaultMode").asInt(0644)));
            } else {
                throw new AssertionError(name + " mounts " + volume + ", which the read-only run cannot give");
            }
        }
        return new ServicePod(name, uid, gid, env, secretEnv, emptyDirs, fileMounts);
    }

    /** The container's own setting, else the pod's (as the kubelet applies them). */
    private static long securityId(JsonNode pod, JsonNode container, String field, String name) {
        JsonNode own = container.path("securityContext").path(field);
        JsonNode id = own.isMissingNode() ? pod.path("securityContext").path(field) : own;
        if (!id.canConvertToLong()) {
            throw new AssertionError(name + " sets no " + field + "; the restricted profile needs a non-root one");
        }
        return id.asLong();
    }
}
