package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.analytics.UsageEvent;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class UsageEventRepository implements PanacheRepositoryBase<UsageEvent, UUID> {

    /**
     * One person's events: under any of their pseudonyms (one per key of the ring), signed in or as the anonymous
     * visitor they consented as (both are made with {@code IdentifierKind.SUBJECT}).
     */
    private static final String OF_PERSON = "subjectPseudonym in ?1 or anonymousPseudonym in ?1";

    public long countOfPerson(Collection<String> pseudonyms) {
        return count(OF_PERSON, pseudonyms);
    }

    /** At most {@code limit} of the person's events, the most recent first. */
    public List<UsageEvent> latestOfPerson(Collection<String> pseudonyms, int limit) {
        return find(OF_PERSON, Sort.descending("occurredAt", "id"), pseudonyms).range(0, limit - 1).list();
    }

    /** @return how many events were deleted */
    public long deleteOfPerson(Collection<String> pseudonyms) {
        return delete(OF_PERSON, pseudonyms);
    }
}
