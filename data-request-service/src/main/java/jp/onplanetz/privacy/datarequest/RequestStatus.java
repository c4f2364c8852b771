package jp.onplanetz.privacy.datarequest;

import jp.onplanetz.privacy.events.WireCoded;
import java.util.List;
import java.util.Optional;

/**
 * Where a request stands (see RequestLifecycle for the moves between them). A request held for a privacy officer's
 * decision on a suggested refusal stays {@link #IDENTITY_VERIFIED} until the officer decides.
 */
public enum RequestStatus implements WireCoded {
    RECEIVED, IDENTITY_VERIFIED, IN_PROGRESS, COMPLETED, REFUSED, CANCELLED;

    /** States in which the company still owes an answer (and a request can be overdue or cancelled). */
    public static final List<RequestStatus> OPEN = List.of(RECEIVED, IDENTITY_VERIFIED, IN_PROGRESS);

    public static Optional<RequestStatus> ofCode(String code) {
        return WireCoded.ofCode(RequestStatus.class, code);
    }

    public boolean isOpen() {
        return OPEN.contains(this);
    }

    public static List<String> openCodes() {
        return OPEN.stream().map(RequestStatus::code).toList();
    }
}
