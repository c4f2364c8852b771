package jp.onplanetz.privacy.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.consent.ConsentHistoryEntry;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ConsentHistoryRepository implements PanacheRepositoryBase<ConsentHistoryEntry, Long> {

    public List<ConsentHistoryEntry> ofConsent(UUID consentId) {
        return list("consentId = ?1 order by seq", consentId);
    }

    /** The histories of several consents in one query, each in order (seq orders every consent's entries). */
    public List<ConsentHistoryEntry> ofConsents(Collection<UUID> consentIds) {
        return consentIds.isEmpty() ? List.of() : list("consentId in ?1 order by seq", consentIds);
    }
}
