package jp.onplanetz.privacy.analytics;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;

/** A recipient's privacy budget for one calendar month: the cap fixed when the month began, and what is spent. */
@Entity
@Table(name = "privacy_budget")
public class RecipientBudget extends PanacheEntityBase {

    @Embeddable
    public record Key(String recipient, String period) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(nullable = false)
    public BigDecimal cap;
    @Column(nullable = false)
    public BigDecimal spent;
}
