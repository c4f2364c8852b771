package jp.onplanetz.privacy.localstack;

import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Command A of the README: the whole suite on the documented ports until Ctrl-C, which stops everything it
 * started. Prints the ports, ready-made tokens and one round trip to try. With {@code --infrastructure-only}, only
 * PostgreSQL, the broker and the token issuer, for one service run in dev mode against them (each service's README).
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    private static String token(LocalStack stack, LocalIdentities.LocalUser user, Duration life) {
        return stack.issuer().mint(user.id(), user.username(), user.realmRoles(), life);
    }

    public static void main(String[] args) throws Exception {
        Path work = LocalStack.repositoryRoot().resolve(".local/stack");
        long t0 = System.nanoTime();
        // PRIVACYOPS_OIDC_URL: run against a real Keycloak (scripts/keycloak.sh) instead of the local issuer.
        String external = System.getenv("PRIVACYOPS_OIDC_URL");
        boolean infrastructureOnly = java.util.Arrays.asList(args).contains("--infrastructure-only");
        LocalStack.Options options = new LocalStack.Options(work, true, false, external);
        LocalStack stack = infrastructureOnly ? LocalStack.startInfrastructure(options) : LocalStack.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the local stack ...");
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));

        Path tokens = work.resolve("tokens.env");
        String issuerUrl = external != null ? external : stack.issuer().issuerUrl();
        if (external == null) {
            // Local tokens live 12 hours so that a person can work with them; the services check them as any other.
            Duration life = Duration.ofHours(12);
            Files.writeString(tokens, "ALICE_TOKEN=" + token(stack, LocalIdentities.ALICE, life)
                    + "\nOFFICER_TOKEN=" + token(stack, LocalIdentities.OFFICER, life)
                    + "\nOPERATOR_TOKEN=" + token(stack, LocalIdentities.OPERATOR, life)
                    + "\nANALYTICS_TOKEN=" + stack.serviceAccountToken(LocalIdentities.ANALYTICS_GATEWAY, life)
                    + "\nREPORTER_TOKEN=" + stack.serviceAccountToken(LocalIdentities.USAGE_REPORTER, life)
                    + "\nRECIPIENT_TOKEN=" + token(stack, LocalIdentities.ACME_ADS, life)
                    + "\nALICE_ID=" + LocalIdentities.ALICE_SUBJECT_ID + "\n");
        }

        StringBuilder out = new StringBuilder();
        out.append("\nprivacy-ops local stack is up in ").append((System.nanoTime() - t0) / 1_000_000_000).append(" s\n\n");
        out.append(String.format("  %-24s %-28s %s%n", "part", "address", "ready after / memory"));
        out.append(String.format("  %-24s %-28s%n", "PostgreSQL", "127.0.0.1:" + stack.postgres().port()));
        out.append(String.format("  %-24s %-28s%n", "Kafka", stack.kafka().bootstrapServers()));
        out.append(String.format("  %-24s %-28s%n", "token issuer", issuerUrl));
        for (ServiceProcess s : stack.services()) {
            out.append(String.format("  %-24s %-28s %d ms / %d MiB%n", s.name(), s.baseUrl(), s.readyAfterMillis(), s.residentMiB()));
        }
        out.append("\nAPI documents: <service>/q/openapi   health: /q/health   metrics: /q/metrics   logs: ")
                .append(work.resolve("logs")).append('\n');
        if (external == null) {
            out.append("\nTokens (12 h) are in ").append(tokens).append(":  set -a; . ").append(tokens).append("; set +a\n");
        }
        out.append("Any local user's token by password grant (users alice, bob, officer, operator, acme-ads; password = user name):\n");
        out.append("  curl -s -d grant_type=password -d client_id=privacy-ops-cli -d username=alice -d password=alice \\\n")
                .append("    ").append(issuerUrl).append("/protocol/openid-connect/token\n");
        if (infrastructureOnly) {
            out.append("\nNo service runs: start one in dev mode against this, e.g. ./mvnw -pl consent-service -am quarkus:dev")
                    .append(" with the settings in consent-service/README.md (\"Run it alone in dev mode\").\n");
            out.append("\nCtrl-C stops everything.\n");
            System.out.println(out);
            stopped.await();
            return;
        }
        out.append("\nA round trip (consent-service -> Kafka -> analytics-gateway):\n");
        out.append("  curl -s -X POST -H \"Authorization: Bearer $ALICE_TOKEN\" -H 'Content-Type: application/json' \\\n")
                .append("    -d '{\"purpose\":\"newsletter\",\"method\":\"web-form\"}' \\\n")
                .append("    ").append(stack.service("consent-service").baseUrl()).append("/api/v1/subjects/$ALICE_ID/consents\n");
        out.append("  curl -s -H \"Authorization: Bearer $OFFICER_TOKEN\" ")
                .append(stack.service("analytics-gateway").baseUrl()).append("/api/v1/consent-projection/$ALICE_ID\n");
        out.append("  curl -s -X POST -H \"Authorization: Bearer $ANALYTICS_TOKEN\" -H 'Content-Type: application/json' \\\n")
                .append("    -d '{\"subjectId\":\"'$ALICE_ID'\",\"purpose\":\"newsletter\",\"categories\":[\"profile.email\"]}' \\\n")
                .append("    ").append(stack.service("consent-service").baseUrl()).append("/api/v1/decisions/check\n");
        out.append("More (policy versions, receipts, recorded uses): consent-service/README.md\n");
        out.append("\nCtrl-C stops everything.\n");
        System.out.println(out);
        stopped.await();
    }

}
