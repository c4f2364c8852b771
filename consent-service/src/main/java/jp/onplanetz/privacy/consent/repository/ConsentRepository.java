package jp.onplanetz.privacy.consent.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.consent.ConsentRecord;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ConsentRepository implements PanacheRepositoryBase<ConsentRecord, UUID> {

    public List<ConsentRecord> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by grantedAt, id", subjectId);
    }

    public Optional<ConsentRecord> ofSubject(String subjectId, UUID id) {
        return find("subjectId = ?1 and id = ?2", subjectId, id).firstResultOptional();
    }

    /** The subject's consent for this purpose and recipient that is not withdrawn (at most one: a unique index). */
    public Optional<ConsentRecord> open(String subjectId, String purpose, String recipient) {
        return recipient == null
                ? find("subjectId = ?1 and purpose = ?2 and recipient is null and state in ('granted', 'reconsent-required')", subjectId, purpose).firstResultOptional()
                : find("subjectId = ?1 and purpose = ?2 and recipient = ?3 and state in ('granted', 'reconsent-required')", subjectId, purpose, recipient).firstResultOptional();
    }

    /** Every consent that still counts, in a stable order (a policy change walks them all). */
    public List<ConsentRecord> granted() {
        return list("state = 'granted' order by subjectId, id");
    }

    /**
     * What decisions need at start: every consent, closed ones too, so that a late grant event of a consent
     * already withdrawn cannot make it count again for a moment.
     */
    public java.util.stream.Stream<ConsentRecord> everyConsent() {
        return streamAll();
    }
}
