package jp.onplanetz.privacy.analytics.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.service.ContributionCounter;
import jp.onplanetz.privacy.analytics.service.IngestService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage events from {@code privacy.usage.events.v1}, through the same door as the HTTP batches, a poll's worth
 * at a time (this topic carries nearly all of the gateway's volume):
 * <ol>
 * <li>each record is checked (CloudEvents headers, schema, field rules); a bad one is copied to the dead-letter
 * topic with the reason, in the form SmallRye's dead-letter strategy writes, and the others go on;</li>
 * <li>the good ones are stored and counted in one transaction, each once however often delivered (the row id follows
 * from the CloudEvents id, so no inbox row per event is needed); a batch that met another transaction's change of
 * the same person's counting state is rolled back and tried again;</li>
 * <li>the dead letters are sent and acknowledged by the broker;</li>
 * <li>only then is the poll acknowledged. A crash or a broker outage anywhere before that redelivers the poll:
 * nothing is lost, and the repeat stores nothing twice and counts nobody twice.</li>
 * </ol>
 * If the broker cannot take the sends for the producer's whole delivery timeout, the batch fails and the channel
 * stops (failure strategy {@code fail}), which the health check reports; the restarted gateway reads the poll again.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    static final String DEAD_LETTER_TOPIC = EventCatalogue.DEAD_LETTERS.name();

    private final IngestService ingest;
    private final ContributionPublisher publisher;
    private final UsageEventReader reader;

    public UsageEventsConsumer(IngestService ingest, ContributionPublisher publisher, UsageEventReader reader) {
        this.ingest = ingest;
        this.publisher = publisher;
        this.reader = reader;
    }

    @Incoming("usage-events")
    @Blocking
    public void apply(ConsumerRecords<String, String> records) {
        List<IngestService.Delivered> valid = new ArrayList<>(records.count());
        List<ProducerRecord<String, String>> out = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                valid.add(reader.read(record));
            } catch (PoisonEventException poison) {
                out.add(deadLetter(record, poison.getMessage()));
            }
        }
        while (!valid.isEmpty()) {
            try {
                QuarkusTransaction.requiringNew().call(() -> ingest.ingestDelivered(valid));
                break;
            } catch (ContributionCounter.ConcurrentCountingException retry) {
                // rolled back: the next try reads the other transaction's committed state
            }
        }
        publisher.sendAll(out);
    }

    /** The record unchanged, with the dead-letter headers of the catalogue (EventCatalogue.DEAD_LETTER_HEADERS). */
    private static ProducerRecord<String, String> deadLetter(ConsumerRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add("dead-letter-reason", bytes(reason));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(String.valueOf(record.partition())));
        headers.add("dead-letter-offset", bytes(String.valueOf(record.offset())));
        return new ProducerRecord<>(DEAD_LETTER_TOPIC, null, record.key(), record.value(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
