package jp.onplanetz.privacy.consent.service;

import jp.onplanetz.privacy.consent.decision.ConsentState;

/**
 * Fired inside the transaction that changed consents; observed after commit so that the replica that
 * made the change decides on it at once (the others learn it from the event stream).
 */
public record ConsentChanged(java.util.List<ConsentState> states) {
}
