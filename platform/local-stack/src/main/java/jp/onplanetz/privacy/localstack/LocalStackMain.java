package jp.onplanetz.privacy.localstack;

import jp.onplanetz.privacy.testinfra.oidc.LocalIdentities;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Command A of the README: the whole suite on the documented ports until Ctrl-C, which stops everything it
 * started. Prints the ports, ready-made tokens and one round trip to try.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        Path work = LocalStack.repositoryRoot().resolve(".local/stack");
        long t0 = System.nanoTime();
        LocalStack stack = LocalStack.start(new LocalStack.Options(work, true, false));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the local stack ...");
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));

        // Local tokens live 12 hours so that a person can work with them; the services check them as any other.
        Duration life = Duration.ofHours(12);
        String alice = stack.issuer().mint(LocalIdentities.ALICE_SUBJECT_ID, "alice", LocalIdentities.ALICE.realmRoles(), life);
        String officer = stack.issuer().mint(LocalIdentities.OFFICER_SUBJECT_ID, "officer", LocalIdentities.OFFICER.realmRoles(), life);
        String operator = stack.issuer().mint(LocalIdentities.OPERATOR_SUBJECT_ID, "operator", LocalIdentities.OPERATOR.realmRoles(), life);
        Path tokens = work.resolve("tokens.env");
        Files.writeString(tokens, "ALICE_TOKEN=" + alice + "\nOFFICER_TOKEN=" + officer + "\nOPERATOR_TOKEN=" + operator
                + "\nALICE_ID=" + LocalIdentities.ALICE_SUBJECT_ID + "\n");

        StringBuilder out = new StringBuilder();
        out.append("\nprivacy-ops local stack is up in ").append((System.nanoTime() - t0) / 1_000_000_000).append(" s\n\n");
        out.append(String.format("  %-24s %-28s %s%n", "part", "address", "ready after / memory"));
        out.append(String.format("  %-24s %-28s%n", "PostgreSQL", "127.0.0.1:" + stack.postgres().port()));
        out.append(String.format("  %-24s %-28s%n", "Kafka", stack.kafka().bootstrapServers()));
        out.append(String.format("  %-24s %-28s%n", "token issuer", stack.issuer().issuerUrl()));
        for (ServiceProcess s : stack.services()) {
            out.append(String.format("  %-24s %-28s %d ms / %d MiB%n", s.name(), s.baseUrl(), s.readyAfterMillis(), s.residentMiB()));
        }
        out.append("\nAPI documents: <service>/q/openapi   health: /q/health   metrics: /q/metrics   logs: ")
                .append(work.resolve("logs")).append('\n');
        out.append("\nTokens (12 h) are in ").append(tokens).append(":  set -a; . ").append(tokens).append("; set +a\n");
        out.append("Any local user's token by password grant (users alice, bob, officer, operator, acme-ads; password = user name):\n");
        out.append("  curl -s -d grant_type=password -d client_id=privacy-ops-cli -d username=alice -d password=alice \\\n")
                .append("    ").append(stack.issuer().issuerUrl()).append("/protocol/openid-connect/token\n");
        out.append("\nA round trip (consent-service -> Kafka -> analytics-gateway):\n");
        out.append("  curl -s -X POST -H \"Authorization: Bearer $ALICE_TOKEN\" -H 'Content-Type: application/json' \\\n")
                .append("    -d '{\"purpose\":\"anonymised-statistics\",\"recipient\":\"acme-ads\",\"method\":\"web-form\"}' \\\n")
                .append("    ").append(stack.service("consent-service").baseUrl()).append("/api/v1/subjects/$ALICE_ID/consents\n");
        out.append("  curl -s -H \"Authorization: Bearer $OFFICER_TOKEN\" ")
                .append(stack.service("analytics-gateway").baseUrl()).append("/api/v1/consent-projection/$ALICE_ID\n");
        out.append("\nCtrl-C stops everything.\n");
        System.out.println(out);
        stopped.await();
    }

}
