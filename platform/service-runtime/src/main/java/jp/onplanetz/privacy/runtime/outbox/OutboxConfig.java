package jp.onplanetz.privacy.runtime.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "privacyops.outbox")
public interface OutboxConfig {

    /** The service's name: the CloudEvents source of its events. */
    String service();

    /**
     * How often the relay looks for unpublished events without being woken (read by the scheduler): the safety net
     * for events another replica wrote or a failed batch left; a commit that writes events wakes it at once.
     */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Largest number of events the relay sends before it marks them published. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for the broker's acknowledgements of a batch before it tries again. */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /** Pause after a failed batch, doubled on each further failure up to {@link #maxBackoff()}. */
    @WithDefault("PT0.2S")
    Duration initialBackoff();

    @WithDefault("PT5S")
    Duration maxBackoff();

    /** Published events are kept this long (for inspection and replay by hand), then purged. */
    @WithDefault("P7D")
    Duration keepPublished();

    /** Off only where a process must not publish (e.g. a one-off migration tool). */
    @WithDefault("true")
    boolean relayEnabled();
}
