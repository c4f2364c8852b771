package jp.onplanetz.privacy.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How consent-service carries out data subjects' requests (see DataRequestTaskService). */
@ConfigMapping(prefix = "consent.data-requests")
public interface DataRequestConfig {

    /**
     * A disclosure lists the subject's consents (with their histories) up to this many bytes of JSON, the most
     * recent first. The answer is one Kafka record: one larger than the broker and producer take (1 MiB by default)
     * could never be published and would hold up every later event of the outbox. The default (768 KiB) leaves room
     * for the rest of the answer.
     */
    @WithDefault("786432")
    int disclosureMaxBytes();
}
