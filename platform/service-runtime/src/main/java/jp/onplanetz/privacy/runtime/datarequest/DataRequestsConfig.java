package jp.onplanetz.privacy.runtime.datarequest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How every data holder answers data subjects' requests: one setting for all, since the limit is the broker's. */
@ConfigMapping(prefix = "privacyops.data-requests")
public interface DataRequestsConfig {

    /**
     * A disclosure's answer lists the subject's items, the most recent first, up to this many bytes of JSON. The
     * answer is one Kafka record: one larger than the broker and the producer take (1 MiB by default) could never be
     * published and would hold up every later event of the outbox. The default (768 KiB) leaves room for the rest of
     * the answer.
     */
    @WithDefault("786432")
    int disclosureMaxBytes();
}
