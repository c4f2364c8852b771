package jp.onplanetz.privacy.runtime.testapp;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

@Entity
@Table(name = "test_ledger_entry")
public class LedgerEntry {
    @Id
    public UUID id;
    public String subject;
    public int n;
    public int amount;
}
