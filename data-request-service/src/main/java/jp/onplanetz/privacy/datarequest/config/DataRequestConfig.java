package jp.onplanetz.privacy.datarequest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "privacyops.data-request")
public interface DataRequestConfig {

    /**
     * How long after receipt a request is due. The Act asks for an answer "without delay" and sets no number
     * of days; this is the company's own target, after which a request shows as overdue in the queue.
     */
    @WithDefault("P14D")
    Duration dueAfter();
}
