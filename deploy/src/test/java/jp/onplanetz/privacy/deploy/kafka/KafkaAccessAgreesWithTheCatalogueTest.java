package jp.onplanetz.privacy.deploy.kafka;

import jp.onplanetz.privacy.deploy.kafka.KafkaAccess.Access;
import jp.onplanetz.privacy.deploy.kafka.ServiceKafkaSettings.Channel;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.events.TopicSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue's producers and consumers of each topic (what the published documentation tells other teams) and what
 * the services' code and configuration do (what {@link KafkaAccess} derives the ACLs from) are the same: neither can
 * drift from the other without this failing.
 */
class KafkaAccessAgreesWithTheCatalogueTest {

    private static final KafkaAccess ACCESS = KafkaAccess.derive(Kustomize.deployDir().getParent());
    static final List<String> SERVICES = KafkaAccess.SERVICES;

    @ParameterizedTest
    @FieldSource("SERVICES")
    void whatAServiceWritesIsWhatTheCatalogueNamesItTheProducerOf(String service) {
        // derived from the event types' producers, the dead-letter topics of its channels and its topology's sinks
        assertThat(ACCESS.of(service).writeTopics()).isEqualTo(topics(t -> t.producers().contains(service)));
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void whatAServicesChannelsAndTopologyReadTheCatalogueNamesItAConsumerOf(String service) {
        Set<String> configured = configuredReads(service);
        Set<String> declared = topics(t -> t.consumers().contains(service));

        assertThat(declared).containsAll(configured);
        assertThat(ACCESS.of(service).readTopics()).isEqualTo(declared);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void aTopicReadWithoutAGroupIsOnlyOneTheServiceProducesItself(String service) {
        // what no channel or topology reads is read by assignment (consent-service's projection of its own topics):
        // a catalogue entry naming a service the consumer of someone else's topic must come with a channel
        Set<String> unconfigured = new TreeSet<>(topics(t -> t.consumers().contains(service)));
        unconfigured.removeAll(configuredReads(service));

        assertThat(ACCESS.of(service).writeTopics()).containsAll(unconfigured);
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void everyChannelHasItsOwnGroupAndDeadLettersToTheCataloguesTopic(String service) {
        for (Channel channel : ACCESS.settings(service).channels()) {
            assertThat(channel.groupId()).as(channel.name()).startsWith(service + ".");
            channel.deadLetterTopic().ifPresent(t -> assertThat(t).as(channel.name())
                    .isEqualTo(EventCatalogue.DEAD_LETTERS.name()));
        }
    }

    @Test
    void theStreamsApplicationWaitsForExactlyTheTopicsItsTopologyReadsAndIsTransactional() {
        ServiceKafkaSettings.StreamsApplication streams = ACCESS.settings(Services.ANALYTICS).streams().orElseThrow();
        KafkaAccess.TopologyTopics topology = KafkaAccess.topologyTopics(Services.ANALYTICS);

        assertThat(streams.awaitedTopics()).isEqualTo(topology.sources());
        assertThat(topology.sinks()).containsExactly(EventCatalogue.ANALYTICS_CELL_TOTALS.name());
        assertThat(streams.transactional()).isTrue();
        SERVICES.stream().filter(s -> !s.equals(Services.ANALYTICS))
                .forEach(s -> assertThat(ACCESS.settings(s).streams()).as(s).isEmpty());
    }

    @Test
    void theOutsideUsersAreTheCataloguesOutsideProducersAndConsumers() {
        Access apps = ACCESS.of(KafkaAccess.SERVICE_APPS);
        assertThat(apps.writeTopics()).isEqualTo(topics(t -> t.producers().contains(Services.SERVICE_APPS)));
        assertThat(apps.readTopics()).isEmpty();

        Access holders = ACCESS.of(KafkaAccess.DATA_HOLDER);
        assertThat(holders.writeTopics()).isEqualTo(topics(t -> t.producers().stream()
                .anyMatch(p -> !SERVICES.contains(p) && !p.equals(Services.SERVICE_APPS))));
        assertThat(holders.readTopics()).containsExactly(EventCatalogue.DATA_REQUEST_TASKS_TOPIC);

        Access verifier = ACCESS.of(KafkaAccess.LEDGER_VERIFIER);
        assertThat(verifier.readTopics()).containsExactly(EventCatalogue.LEDGER_CHECKPOINT_TOPIC);
        assertThat(verifier.writeTopics()).isEmpty();
        assertThat(verifier.groups()).isEmpty();
        assertThat(verifier.groupPrefixes()).isEmpty();
    }

    @Test
    void theOutsideConsumerReadsOnlyTopicsWithAnOutsideConsumerAndNeverTheRawUsageEvents() {
        Access outside = ACCESS.of(KafkaAccess.OUTSIDE_CONSUMER);

        assertThat(outside.readTopics()).isEqualTo(topics(t -> t.consumers().stream()
                .anyMatch(c -> c.endsWith(KafkaAccess.OUTSIDE))))
                .doesNotContain(EventCatalogue.USAGE_TOPIC, EventCatalogue.ANALYTICS_CELL_PARTIALS_TOPIC,
                        EventCatalogue.ANALYTICS_CELL_TOTALS.name(), EventCatalogue.DATA_REQUEST_TASKS_TOPIC,
                        EventCatalogue.DEAD_LETTERS.name())
                .isNotEmpty();
        assertThat(outside.writeTopics()).isEmpty();
        assertThat(outside.groups()).isEmpty();
    }

    private static Set<String> configuredReads(String service) {
        Set<String> reads = ACCESS.settings(service).channels().stream().map(Channel::topic)
                .collect(Collectors.toCollection(TreeSet::new));
        reads.addAll(KafkaAccess.topologyTopics(service).sources());
        return reads;
    }

    private static Set<String> topics(java.util.function.Predicate<TopicSpec> which) {
        return EventCatalogue.topics().stream().filter(which).map(TopicSpec::name).collect(Collectors.toSet());
    }
}
