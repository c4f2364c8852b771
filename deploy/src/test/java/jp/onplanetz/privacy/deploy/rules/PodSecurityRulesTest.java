package jp.onplanetz.privacy.deploy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restricted Pod Security Standard, as Kubernetes defines it (the baseline controls plus the restricted ones),
 * for every workload of every overlay. The namespace enforces it at admission, which no test here can run: a pod the
 * standard refuses would render fine and then never start, so the standard is checked on the render. Plus what the
 * standard leaves open and the suite promises: a read-only root file system, no service account token, and
 * writable storage only where the application writes.
 */
class PodSecurityRulesTest {

    /** The restricted profile's volume types (every other type, hostPath first, is refused). */
    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    /** Fields of a volume that are not its type. */
    private static final Set<String> VOLUME_FIELDS_NOT_TYPES = Set.of("name");

    /** The container's setting if it has one, else the pod's (how the kubelet resolves both). */
    private static JsonNode effective(Workload w, JsonNode container, String field) {
        JsonNode own = container.path("securityContext").path(field);
        return own.isMissingNode() || own.isNull() ? w.podSpec().path("securityContext").path(field) : own;
    }

    private static String name(JsonNode container) {
        return container.path("name").asText();
    }

    @TestFactory
    Stream<DynamicTest> pods_share_no_host_namespace_and_no_container_is_privileged_or_binds_a_host_port() {
        return Workload.tests(w -> true, w -> {
            assertThat(w.podSpec().path("hostNetwork").asBoolean(false)).as("hostNetwork").isFalse();
            assertThat(w.podSpec().path("hostPID").asBoolean(false)).as("hostPID").isFalse();
            assertThat(w.podSpec().path("hostIPC").asBoolean(false)).as("hostIPC").isFalse();
            assertThat(w.podSpec().path("securityContext").path("windowsOptions").path("hostProcess").asBoolean(false))
                    .as("hostProcess").isFalse();
            for (JsonNode c : w.allContainers()) {
                assertThat(c.path("securityContext").path("privileged").asBoolean(false)).as(name(c) + " privileged")
                        .isFalse();
                assertThat(c.path("securityContext").path("windowsOptions").path("hostProcess").asBoolean(false))
                        .as(name(c) + " hostProcess").isFalse();
                assertThat(c.path("securityContext").path("procMount").asText("Default")).as(name(c) + " procMount")
                        .isEqualTo("Default");
                for (JsonNode port : c.path("ports")) {
                    assertThat(port.path("hostPort").asInt(0)).as(name(c) + " hostPort").isZero();
                }
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> volumes_are_of_the_restricted_types_only() {
        return Workload.tests(w -> true, w -> {
            for (JsonNode volume : w.podSpec().path("volumes")) {
                List<String> types = new ArrayList<>();
                volume.fieldNames().forEachRemaining(f -> {
                    if (!VOLUME_FIELDS_NOT_TYPES.contains(f)) {
                        types.add(f);
                    }
                });
                assertThat(types).as("volume " + volume.path("name").asText()).hasSize(1)
                        .allMatch(RESTRICTED_VOLUME_TYPES::contains);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> every_container_runs_as_a_non_root_user() {
        return Workload.tests(w -> true, w -> {
            JsonNode podUser = w.podSpec().path("securityContext").path("runAsUser");
            if (!podUser.isMissingNode()) {
                assertThat(podUser.asLong()).as("pod runAsUser").isNotZero();
            }
            for (JsonNode c : w.allContainers()) {
                assertThat(effective(w, c, "runAsNonRoot").asBoolean(false)).as(name(c) + " runAsNonRoot").isTrue();
                JsonNode user = c.path("securityContext").path("runAsUser");
                if (!user.isMissingNode()) {
                    assertThat(user.asLong()).as(name(c) + " runAsUser").isNotZero();
                }
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> no_container_may_gain_privileges_or_keep_a_capability_beyond_net_bind_service() {
        return Workload.tests(w -> true, w -> {
            for (JsonNode c : w.allContainers()) {
                JsonNode sc = c.path("securityContext");
                assertThat(sc.path("allowPrivilegeEscalation").isBoolean()
                        && !sc.path("allowPrivilegeEscalation").asBoolean()).as(name(c) + " allowPrivilegeEscalation: false")
                        .isTrue();
                List<String> dropped = new ArrayList<>();
                sc.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
                assertThat(dropped).as(name(c) + " capabilities.drop").contains("ALL");
                List<String> added = new ArrayList<>();
                sc.path("capabilities").path("add").forEach(a -> added.add(a.asText()));
                assertThat(added).as(name(c) + " capabilities.add").allMatch("NET_BIND_SERVICE"::equals);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> every_container_has_a_runtime_default_or_localhost_seccomp_profile() {
        return Workload.tests(w -> true, w -> {
            for (JsonNode c : w.allContainers()) {
                assertThat(effective(w, c, "seccompProfile").path("type").asText()).as(name(c) + " seccompProfile")
                        .isIn("RuntimeDefault", "Localhost");
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> selinux_and_apparmor_are_left_to_the_runtime_defaults() {
        return Workload.tests(w -> true, w -> {
            List<JsonNode> contexts = new ArrayList<>();
            contexts.add(w.podSpec().path("securityContext"));
            w.allContainers().forEach(c -> contexts.add(c.path("securityContext")));
            for (JsonNode sc : contexts) {
                JsonNode selinux = sc.path("seLinuxOptions");
                assertThat(selinux.path("user").isMissingNode() && selinux.path("role").isMissingNode())
                        .as("seLinuxOptions user/role").isTrue();
                assertThat(selinux.path("type").asText("container_t"))
                        .isIn("container_t", "container_init_t", "container_kvm_t", "container_engine_t");
                assertThat(sc.path("appArmorProfile").path("type").asText("RuntimeDefault"))
                        .isIn("RuntimeDefault", "Localhost");
            }
            // the baseline profile allows only the namespaced "safe" sysctls; the suite needs none
            assertThat(w.podSpec().path("securityContext").path("sysctls").size()).as("sysctls").isZero();
        });
    }

    @TestFactory
    Stream<DynamicTest> every_container_has_a_read_only_root_file_system() {
        return Workload.tests(w -> true, w -> {
            for (JsonNode c : w.allContainers()) {
                assertThat(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false))
                        .as(name(c) + " readOnlyRootFilesystem").isTrue();
            }
        });
    }

    /**
     * No pod holds a token for the Kubernetes API: none of the suite's programs calls it. The pod's own setting wins
     * over its service account's, so the pod must say false, or say nothing under an account that says false.
     */
    @TestFactory
    Stream<DynamicTest> no_pod_mounts_a_service_account_token() {
        return Workload.tests(w -> true, w -> {
            JsonNode own = w.podSpec().path("automountServiceAccountToken");
            if (own.isBoolean()) {
                assertThat(own.asBoolean()).as("pod automountServiceAccountToken").isFalse();
                return;
            }
            String account = w.podSpec().path("serviceAccountName").asText("default");
            var serviceAccount = Kustomize.render(w.overlay()).find("ServiceAccount", account);
            assertThat(serviceAccount).as("the pod leaves it to ServiceAccount " + account + ", which the overlay must define")
                    .isPresent();
            assertThat(serviceAccount.get().path("automountServiceAccountToken").asBoolean(true))
                    .as("ServiceAccount " + account + " automountServiceAccountToken").isFalse();
        });
    }
}
