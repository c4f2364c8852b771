package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.RecipientBudget;
import jp.onplanetz.privacy.analytics.StatisticsRelease;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reading releases and budgets; who may read which is the resource's rule. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ReleaseQueries {

    /** At most this many, newest first: a recipient polling daily windows reads weeks of them. */
    static final int LIMIT = 500;

    /** @param recipient one recipient's, or every release when null */
    public List<StatisticsRelease> list(String recipient) {
        return (recipient == null
                ? StatisticsRelease.<StatisticsRelease>find("order by decidedAt desc")
                : StatisticsRelease.<StatisticsRelease>find("recipient = ?1 order by decidedAt desc", recipient))
                .page(0, LIMIT).list();
    }

    public Optional<StatisticsRelease> find(UUID id) {
        return StatisticsRelease.findByIdOptional(id);
    }

    /** @param recipient one recipient's months, or every recipient's when null */
    public List<RecipientBudget> budgets(String recipient) {
        return recipient == null
                ? RecipientBudget.list("order by key.period desc, key.recipient")
                : RecipientBudget.list("key.recipient = ?1 order by key.period desc", recipient);
    }
}
