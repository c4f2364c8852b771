package jp.onplanetz.privacy.deploy.readonly;

import jp.onplanetz.privacy.deploy.readonly.ServicePod.SecretKey;
import jp.onplanetz.privacy.deploy.readonly.ServicePod.SecretMount;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** TEMPORARY until the Deployments are rendered (branch i19-manifests): the pods as conventions.md names them. */
final class Interim {
    static Map<String, ServicePod> pods() {
        Map<String, ServicePod> pods = new LinkedHashMap<>();
        pods.put("consent-service", pod("consent-service", "consent", "consent-db-owner", Map.of(),
                List.of("/tmp"), List.of(new SecretMount("consent-receipt-signing-key", "/etc/privacy-ops/consent", Optional.empty(), Map.of()))));
        pods.put("disclosure-log-service", pod("disclosure-log-service", "disclosure_log", "disclosure-log-db-app",
                Map.of("QUARKUS_FLYWAY_MIGRATE_AT_START", "false", "QUARKUS_REST_CLIENT_CONSENT_SERVICE_URL", "http://consent-service.privacy-ops.svc"),
                List.of("/tmp"), List.of(new SecretMount("disclosure-log-checkpoint-key", "/etc/privacy-ops/disclosure-log", Optional.empty(), Map.of()))));
        pods.put("data-request-service", pod("data-request-service", "data_request", "data-request-db-owner", Map.of(),
                List.of("/tmp"), List.of()));
        pods.put("analytics-gateway", pod("analytics-gateway", "analytics", "analytics-db-owner", Map.of(),
                List.of("/tmp", "/var/lib/privacy-ops/analytics/streams"),
                List.of(new SecretMount("analytics-pseudonym-keys", "/etc/privacy-ops/analytics", Optional.empty(), Map.of()))));
        Map<String, String> job = new LinkedHashMap<>();
        job.put("QUARKUS_INIT_AND_EXIT", "true");
        job.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://disclosure-log-db-rw:5432/disclosure_log");
        pods.put("disclosure-log-migrate", new ServicePod("disclosure-log-migrate", 185, 185, job,
                Map.of("QUARKUS_DATASOURCE_USERNAME", new SecretKey("disclosure-log-db-owner", "username"),
                        "QUARKUS_DATASOURCE_PASSWORD", new SecretKey("disclosure-log-db-owner", "password")),
                List.of("/tmp"), List.of()));
        return pods;
    }

    private static ServicePod pod(String name, String db, String dbSecret, Map<String, String> more, List<String> emptyDirs,
            List<SecretMount> mounts) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", "8080");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + db.replace('_', '-') + "-db-rw:5432/" + db);
        env.put("KAFKA_BOOTSTRAP_SERVERS", "privacy-ops-kafka-bootstrap:9093");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "https://keycloak-service.privacy-ops.svc:8443/realms/privacy-ops");
        env.putAll(more);
        return new ServicePod(name, 185, 185, env,
                Map.of("QUARKUS_DATASOURCE_USERNAME", new SecretKey(dbSecret, "username"),
                        "QUARKUS_DATASOURCE_PASSWORD", new SecretKey(dbSecret, "password"),
                        "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", new SecretKey(name + "-oidc", "client-secret")),
                emptyDirs, mounts);
    }
}
