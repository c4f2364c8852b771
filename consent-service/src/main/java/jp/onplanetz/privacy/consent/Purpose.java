package jp.onplanetz.privacy.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A purpose of use announced in the privacy policy. */
@Entity
@Table(name = "purpose")
public class Purpose extends PanacheEntityBase {
    @Id
    public String code;
    public String name;
    @Column(name = "legal_basis")
    public String legalBasis;
    @Column(name = "third_party")
    public boolean thirdParty;
    @Column(name = "policy_ref")
    public String policyRef;
}
