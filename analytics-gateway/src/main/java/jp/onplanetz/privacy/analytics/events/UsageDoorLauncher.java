package jp.onplanetz.privacy.analytics.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.analytics.service.UsageIngestOffsets;

import java.util.Map;

/** Starts the Kafka door ({@link UsageDoor}) with the application and stops it, after its batch in flight, at shutdown. */
@ApplicationScoped
public class UsageDoorLauncher {

    private final AnalyticsConfig config;
    private final UsageDoor.Parts parts;
    private volatile UsageDoor door;

    public UsageDoorLauncher(AnalyticsConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            UsageEventReader reader, DeadLetterSender deadLetters, IngestService ingest, UsageIngestOffsets offsets) {
        this.config = config;
        this.parts = new UsageDoor.Parts(kafkaConfig, reader, deadLetters, ingest, offsets);
    }

    void start(@Observes StartupEvent started) {
        door = open(config.door());
        door.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (door != null) {
            door.stop();
        }
    }

    /** A door with these settings and the application's collaborators, not yet started (tests open their own). */
    public UsageDoor open(AnalyticsConfig.Door settings) {
        return new UsageDoor(settings, parts);
    }

    /** The running door's status; not running before the application has started. */
    public UsageDoor.Status status() {
        UsageDoor d = door;
        return d == null ? new UsageDoor.Status(false, false, null, 0) : d.status();
    }
}
