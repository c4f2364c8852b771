package jp.onplanetz.privacy.disclosurelog;

import java.time.LocalDate;

/** Filters of the officer's query; null means any. */
public record RecordFilter(String kind, String subjectId, String counterparty, LocalDate from, LocalDate to) {
}
