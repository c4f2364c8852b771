package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import jp.onplanetz.privacy.events.EventCatalogue;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The verifier's command line. Parsing only: nothing here opens a file or a connection, so every rule is tested
 * without either.
 *
 * @param password        from {@code PGPASSWORD}; {@code passwordFile}, when given, is read instead
 * @param key             the pinned C2SP verifier key; exactly one of it and {@code keyUrl}
 * @param bootstrapServers set exactly when the checkpoints come from Kafka
 * @param kafkaConfig     a Java properties file of Kafka client settings (TLS, SASL), with {@code --checkpoints kafka}
 * @param kafkaJaasConfig the client's {@code sasl.jaas.config}, from {@code KAFKA_SASL_JAAS_CONFIG}: it holds the
 *                        password, so never a command-line option, like {@code PGPASSWORD}
 */
public record Options(String jdbcUrl, String user, String password, Path passwordFile, String key, URI keyUrl,
        CheckpointSource checkpoints, String bootstrapServers, String topic, Duration kafkaTimeout, Path kafkaConfig,
        String kafkaJaasConfig, boolean json, boolean help) {

    /** The environment variable the Kafka client's {@code sasl.jaas.config} is read from. */
    public static final String KAFKA_SASL_JAAS_CONFIG = "KAFKA_SASL_JAAS_CONFIG";

    /** Where the signed checkpoints that the log is checked against come from. */
    public enum CheckpointSource {
        /** The service's own table: enough against someone without the key, not against someone deleting rows. */
        DB,
        /** The topic, the copy outside the database; the table is compared with it. */
        KAFKA
    }

    public static final String USAGE = """
            usage: verify-disclosure-log --jdbc-url URL --user NAME (--key KEY | --key-url URL) [options]

            Checks every log of the disclosure log as stored in PostgreSQL: each entry's leaf, the hash chain, each
            record's bytes and query columns, and the Merkle root at every signed checkpoint.

              --jdbc-url URL            the ledger's database, e.g. jdbc:postgresql://db:5432/disclosure_log
              --user NAME               a role that may read the ledger's tables
              --password-file PATH      the role's password (else the environment variable PGPASSWORD)
              --key KEY                 the checkpoint key as a C2SP verifier key, name+hash+base64 (pin this)
              --key-url URL             fetch the key from the service: http(s)://host/api/v1/ledger/key
              --checkpoints db|kafka    whose checkpoints to check against (default db): the database's table, or
                                        the copies on the Kafka topic, with the table compared against them
              --bootstrap-servers H:P   the Kafka brokers, with --checkpoints kafka
              --topic NAME              the checkpoint topic (default %s)
              --kafka-timeout SECONDS   give up when the broker does not answer for this long (default 60)
              --kafka-config PATH       Kafka client settings for the brokers, a Java properties file, e.g.
                                        security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512,
                                        ssl.truststore.type=PEM, ssl.truststore.location=/path/ca.crt; the
                                        sasl.jaas.config with its password comes from the environment variable
                                        KAFKA_SASL_JAAS_CONFIG (never on the command line)
              --json                    one JSON object on standard output instead of the summary
              --help                    this text

            Exit status: 0 every log intact, 1 something broken (named in the output), 2 usage or connection error.
            """.formatted(EventCatalogue.LEDGER_CHECKPOINT_TOPIC);

    /** A command line that cannot be run: the message says why, the caller adds the usage. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private static final Set<String> WITH_VALUE = Set.of("--jdbc-url", "--user", "--password-file", "--key", "--key-url",
            "--checkpoints", "--bootstrap-servers", "--topic", "--kafka-timeout", "--kafka-config");
    private static final Set<String> FLAGS = Set.of("--json", "--help");

    /**
     * @param env the process environment (only {@code PGPASSWORD} and {@value #KAFKA_SASL_JAAS_CONFIG} are read): a
     *            password never goes on the command line, where every user of the machine can read it
     */
    public static Options parse(String[] args, Map<String, String> env) throws UsageException {
        Map<String, String> values = new HashMap<>();
        boolean json = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                json |= name.equals("--json");
                help |= name.equals("--help");
                continue;
            }
            if (!WITH_VALUE.contains(name)) {
                throw new UsageException(arg.startsWith("-") ? "unknown option " + name : "unexpected argument " + arg);
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            if (values.put(name, value) != null) {
                throw new UsageException(name + " given twice");
            }
        }
        if (help) {
            return new Options(null, null, null, null, null, null, CheckpointSource.DB, null,
                    EventCatalogue.LEDGER_CHECKPOINT_TOPIC, Duration.ofSeconds(60), null, null, json, true);
        }

        String jdbcUrl = required(values, "--jdbc-url");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        String user = required(values, "--user");

        String key = values.get("--key");
        URI keyUrl = null;
        if (values.containsKey("--key-url")) {
            keyUrl = httpUrl(values.get("--key-url"));
        }
        if ((key == null) == (keyUrl == null)) {
            throw new UsageException("give the checkpoint key: exactly one of --key and --key-url");
        }

        CheckpointSource source;
        try {
            source = CheckpointSource.valueOf(values.getOrDefault("--checkpoints", "db").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--checkpoints is db or kafka, not " + values.get("--checkpoints"));
        }
        String bootstrap = values.get("--bootstrap-servers");
        if (source == CheckpointSource.KAFKA && (bootstrap == null || bootstrap.isBlank())) {
            throw new UsageException("--checkpoints kafka needs --bootstrap-servers");
        }
        if (source == CheckpointSource.DB && (bootstrap != null || values.containsKey("--topic")
                || values.containsKey("--kafka-config"))) {
            throw new UsageException("--bootstrap-servers, --topic and --kafka-config are for --checkpoints kafka");
        }
        Path kafkaConfig = values.containsKey("--kafka-config") ? Path.of(values.get("--kafka-config")) : null;
        // Read only for the topic: a table-only run has no Kafka client to give it to.
        String kafkaJaasConfig = source == CheckpointSource.KAFKA ? env.get(KAFKA_SASL_JAAS_CONFIG) : null;

        Duration kafkaTimeout = Duration.ofSeconds(60);
        if (values.containsKey("--kafka-timeout")) {
            try {
                kafkaTimeout = Duration.ofSeconds(Long.parseLong(values.get("--kafka-timeout")));
            } catch (NumberFormatException e) {
                throw new UsageException("--kafka-timeout is a number of seconds");
            }
            if (kafkaTimeout.isNegative() || kafkaTimeout.isZero()) {
                throw new UsageException("--kafka-timeout must be at least 1 second");
            }
        }

        Path passwordFile = values.containsKey("--password-file") ? Path.of(values.get("--password-file")) : null;
        return new Options(jdbcUrl, user, env.get("PGPASSWORD"), passwordFile, key, keyUrl, source, bootstrap,
                values.getOrDefault("--topic", EventCatalogue.LEDGER_CHECKPOINT_TOPIC), kafkaTimeout, kafkaConfig,
                kafkaJaasConfig, json, false);
    }

    /** Without the passwords: a record's own toString would print them wherever options get logged. */
    @Override
    public String toString() {
        return "Options[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", passwordFile=" + passwordFile + ", key=" + key + ", keyUrl=" + keyUrl + ", checkpoints="
                + checkpoints + ", bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", kafkaTimeout="
                + kafkaTimeout + ", kafkaConfig=" + kafkaConfig + ", kafkaJaasConfig="
                + (kafkaJaasConfig == null ? "none" : "***") + ", json=" + json + ", help=" + help + "]";
    }

    private static String required(Map<String, String> values, String name) throws UsageException {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(name + " is required");
        }
        return v;
    }

    private static URI httpUrl(String text) throws UsageException {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("--key-url must be an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--key-url is not a URL: " + e.getMessage());
        }
    }
}
