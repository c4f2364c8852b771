package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import jp.onplanetz.privacy.events.EventCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The verifier's command line. Parsing only: nothing here opens a file or a connection, so every rule is tested
 * without either. picocli reads the words ({@link Arguments} declares every option once, with its help text); the
 * rules between options, which picocli does not express, are checked here.
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

    /** The verifier's name in its messages and its usage. */
    static final String COMMAND = "verify-disclosure-log";

    /** Where the signed checkpoints that the log is checked against come from. */
    public enum CheckpointSource {
        /** The service's own table: enough against someone without the key, not against someone deleting rows. */
        DB,
        /** The topic, the copy outside the database; the table is compared with it. */
        KAFKA
    }

    /** A command line that cannot be run: the message says why, the caller adds the usage. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The words of the command line as picocli fills them in; {@link #parse} turns them into an {@link Options}. */
    @Command(name = COMMAND, usageHelpWidth = 118, sortOptions = false, synopsisHeading = "usage: ",
            customSynopsis = COMMAND + " --jdbc-url URL --user NAME (--key KEY | --key-url URL) [options]",
            descriptionHeading = "%n", description = {
                    "Checks every log of the disclosure log as stored in PostgreSQL: each entry's leaf, the hash chain,"
                            + " each record's bytes and query columns, and the Merkle root at every signed checkpoint."},
            optionListHeading = "%n", footerHeading = "%n", footer = {
                    "Passwords never come from the command line, where every user of the machine can read them: the",
                    "role's from the environment variable PGPASSWORD (or --password-file), the Kafka client's",
                    "sasl.jaas.config from " + KAFKA_SASL_JAAS_CONFIG + ".",
                    "",
                    "Exit status: 0 every log intact, 1 something broken (named in the output), 2 usage or"
                            + " connection error."})
    static final class Arguments {

        @Option(names = "--jdbc-url", paramLabel = "URL",
                description = "the ledger's database, e.g. jdbc:postgresql://db:5432/disclosure_log")
        String jdbcUrl;

        @Option(names = "--user", paramLabel = "NAME", description = "a role that may read the ledger's tables")
        String user;

        @Option(names = "--password-file", paramLabel = "PATH",
                description = "the role's password (else the environment variable PGPASSWORD)")
        Path passwordFile;

        @Option(names = "--key", paramLabel = "KEY",
                description = "the checkpoint key as a C2SP verifier key, name+hash+base64 (pin this)")
        String key;

        @Option(names = "--key-url", paramLabel = "URL", converter = HttpUrl.class,
                description = "fetch the key from the service: http(s)://host/api/v1/ledger/key")
        URI keyUrl;

        @Option(names = "--checkpoints", paramLabel = "db|kafka", defaultValue = "db", converter = Source.class,
                description = "whose checkpoints to check against (default ${DEFAULT-VALUE}): the database's table,"
                        + " or the copies on the Kafka topic, with the table compared against them")
        CheckpointSource checkpoints;

        @Option(names = "--bootstrap-servers", paramLabel = "H:P",
                description = "the Kafka brokers, with --checkpoints kafka")
        String bootstrapServers;

        @Option(names = "--topic", paramLabel = "NAME", defaultValue = EventCatalogue.LEDGER_CHECKPOINT_TOPIC,
                description = "the checkpoint topic (default ${DEFAULT-VALUE})")
        String topic;

        @Option(names = "--kafka-timeout", paramLabel = "SECONDS", defaultValue = "60", converter = Seconds.class,
                description = "give up when the broker does not answer for this long (default ${DEFAULT-VALUE})")
        Duration kafkaTimeout;

        @Option(names = "--kafka-config", paramLabel = "PATH",
                description = {"Kafka client settings for the brokers, a Java properties file, e.g.",
                        "  security.protocol=SASL_SSL", "  sasl.mechanism=SCRAM-SHA-512", "  ssl.truststore.type=PEM",
                        "  ssl.truststore.location=/path/ca.crt",
                        "the sasl.jaas.config with its password comes from the environment variable",
                        KAFKA_SASL_JAAS_CONFIG + " (never on the command line)"})
        Path kafkaConfig;

        @Option(names = "--json", description = "one JSON object on standard output instead of the summary")
        boolean json;

        @Option(names = "--help", usageHelp = true, description = "this text")
        boolean help;
    }

    /** The usage text, made by picocli from {@link Arguments}. */
    public static String usage() {
        return commandLine(new Arguments()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * @param env the process environment (only {@code PGPASSWORD} and {@value #KAFKA_SASL_JAAS_CONFIG} are read): a
     *            password never goes on the command line, where every user of the machine can read it
     */
    public static Options parse(String[] args, Map<String, String> env) throws UsageException {
        Arguments a = new Arguments();
        ParseResult given;
        try {
            given = commandLine(a).parseArgs(args);
        } catch (ParameterException e) {
            throw new UsageException(reason(e));
        }
        if (a.help) {
            return new Options(null, null, null, null, null, null, CheckpointSource.DB, null,
                    EventCatalogue.LEDGER_CHECKPOINT_TOPIC, Duration.ofSeconds(60), null, null, a.json, true);
        }

        String jdbcUrl = required(a.jdbcUrl, "--jdbc-url");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        String user = required(a.user, "--user");
        if ((a.key == null) == (a.keyUrl == null)) {
            throw new UsageException("give the checkpoint key: exactly one of --key and --key-url");
        }
        if (a.checkpoints == CheckpointSource.KAFKA && (a.bootstrapServers == null || a.bootstrapServers.isBlank())) {
            throw new UsageException("--checkpoints kafka needs --bootstrap-servers");
        }
        if (a.checkpoints == CheckpointSource.DB && (a.bootstrapServers != null || given.hasMatchedOption("--topic")
                || a.kafkaConfig != null)) {
            throw new UsageException("--bootstrap-servers, --topic and --kafka-config are for --checkpoints kafka");
        }
        // Read only for the topic: a table-only run has no Kafka client to give it to.
        String kafkaJaasConfig = a.checkpoints == CheckpointSource.KAFKA ? env.get(KAFKA_SASL_JAAS_CONFIG) : null;
        return new Options(jdbcUrl, user, env.get("PGPASSWORD"), a.passwordFile, a.key, a.keyUrl, a.checkpoints,
                a.bootstrapServers, a.topic, a.kafkaTimeout, a.kafkaConfig, kafkaJaasConfig, a.json, false);
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

    private static CommandLine commandLine(Arguments arguments) {
        return new CommandLine(arguments)
                // A value is never read from a file named by an @ argument, and never taken from what looks like an
                // option: "--user --kafka-config x" is a forgotten value, not a user called --kafka-config.
                .setExpandAtFiles(false)
                .setUnmatchedOptionsAllowedAsOptionParameters(false);
    }

    /** The verifier's own wording for what picocli refuses, naming the option the way it is typed. */
    private static String reason(ParameterException e) {
        if (e.getCause() instanceof TypeConversionException conversion) {
            // picocli takes --json=true for a flag; anything else after the = is no value a flag can have
            return e.getArgSpec() != null && e.getArgSpec().arity().max() == 0 ? name(e.getArgSpec()) + " takes no value"
                    : conversion.getMessage();
        }
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            return arg.startsWith("-") ? "unknown option " + arg.split("=", 2)[0] : "unexpected argument " + arg;
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            return name(missing.getMissing().get(0)) + " needs a value";
        }
        if (e instanceof CommandLine.OverwrittenOptionException overwritten) {
            return name(overwritten.getOverwritten()) + " given twice";
        }
        return e.getMessage();
    }

    private static String name(ArgSpec spec) {
        return spec instanceof OptionSpec option ? option.longestName() : spec.paramLabel();
    }

    private static String required(String value, String name) throws UsageException {
        if (value == null || value.isBlank()) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    /** {@code --key-url}: only http and https, with a host. */
    static final class HttpUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new TypeConversionException("--key-url is not a URL: " + e.getMessage());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new TypeConversionException("--key-url must be an http or https URL");
            }
            return uri;
        }
    }

    /** {@code --checkpoints}: db or kafka, in any case. */
    static final class Source implements ITypeConverter<CheckpointSource> {
        @Override
        public CheckpointSource convert(String text) {
            try {
                return CheckpointSource.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("--checkpoints is db or kafka, not " + text);
            }
        }
    }

    /** {@code --kafka-timeout}: a whole number of seconds, at least one. */
    static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Duration timeout;
            try {
                timeout = Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("--kafka-timeout is a number of seconds");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new TypeConversionException("--kafka-timeout must be at least 1 second");
            }
            return timeout;
        }
    }
}
