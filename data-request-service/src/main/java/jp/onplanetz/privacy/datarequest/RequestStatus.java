package jp.onplanetz.privacy.datarequest;

import jp.onplanetz.privacy.runtime.codes.Coded;
import java.util.List;
import java.util.Optional;

/**
 * Where a request stands. Only {@link #RECEIVED} and {@link #CANCELLED} are reached by this slice; the others
 * are the states the fan-out to the other services will move a request through, listed now so that the
 * database already refuses anything else.
 */
public enum RequestStatus implements Coded {
    RECEIVED, IDENTITY_VERIFIED, IN_PROGRESS, COMPLETED, REFUSED, CANCELLED;

    /** States in which the company still owes an answer (and a request can be overdue or cancelled). */
    public static final List<RequestStatus> OPEN = List.of(RECEIVED, IDENTITY_VERIFIED, IN_PROGRESS);

    public static Optional<RequestStatus> ofCode(String code) {
        return Coded.ofCode(RequestStatus.class, code);
    }

    public boolean isOpen() {
        return OPEN.contains(this);
    }

    public static List<String> openCodes() {
        return OPEN.stream().map(RequestStatus::code).toList();
    }
}
