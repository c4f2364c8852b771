package jp.onplanetz.privacy.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.consent.ConsentHistoryEntry;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ConsentHistoryRepository implements PanacheRepositoryBase<ConsentHistoryEntry, Long> {

    public List<ConsentHistoryEntry> ofConsent(UUID consentId) {
        return list("consentId = ?1 order by seq", consentId);
    }
}
