package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verifier's own Kafka client settings for a cluster that wants TLS and SASL: the file of {@code --kafka-config}
 * (security.protocol, sasl.mechanism, ssl.truststore.* ...) and the {@code sasl.jaas.config} from
 * {@code KAFKA_SASL_JAAS_CONFIG}. In Kubernetes the file is a ConfigMap and the variable comes from the Secret Strimzi
 * writes for the {@code ledger-verifier} KafkaUser (its key {@code sasl.jaas.config}).
 */
final class KafkaClientSettings {

    static final String SASL_JAAS_CONFIG = "sasl.jaas.config";

    /**
     * What the verifier decides itself: where the brokers are (--bootstrap-servers), that it reads by assignment with
     * no consumer group (its user's ACLs grant none) and commits nothing, and how records are read.
     */
    static final Set<String> OWN = Set.of("bootstrap.servers", "group.id", "group.instance.id", "enable.auto.commit",
            "allow.auto.create.topics", "key.deserializer", "value.deserializer");

    private KafkaClientSettings() {
    }

    /** Reads the file (when given) and adds the JAAS configuration (when given). */
    static Map<String, String> read(Path file, String jaasConfig) throws IOException {
        Properties fromFile = new Properties();
        if (file != null) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile.load(in);
            }
        }
        return of(fromFile, jaasConfig);
    }

    /**
     * @throws IllegalArgumentException when the file sets what the verifier decides itself, or the JAAS configuration
     *                                  comes from both the file and the environment (which one holds the password
     *                                  in use would be anyone's guess)
     */
    static Map<String, String> of(Properties fromFile, String jaasConfig) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : fromFile.stringPropertyNames()) {
            if (OWN.contains(name)) {
                throw new IllegalArgumentException(name + " is the verifier's own setting, not one for --kafka-config");
            }
            settings.put(name, fromFile.getProperty(name).trim());
        }
        if (jaasConfig != null && !jaasConfig.isBlank()) {
            if (settings.containsKey(SASL_JAAS_CONFIG)) {
                throw new IllegalArgumentException(SASL_JAAS_CONFIG + " is set both in --kafka-config and in "
                        + Options.KAFKA_SASL_JAAS_CONFIG + ": give it once");
            }
            settings.put(SASL_JAAS_CONFIG, jaasConfig.trim());
        }
        return Map.copyOf(settings);
    }
}
