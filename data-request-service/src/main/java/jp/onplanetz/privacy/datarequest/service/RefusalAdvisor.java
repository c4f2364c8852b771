package jp.onplanetz.privacy.datarequest.service;

import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.ReviewReason;
import jp.onplanetz.privacy.datarequest.config.DataRequestConfig;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Whether a privacy officer should look at a request before it is carried out. The policy lets the company decline
 * repeated unjustified requests and ones that need excessive work; the service recognises both and <em>suggests</em>
 * a refusal, with the figures, but never refuses: the request is held until an officer refuses it on a legal ground
 * or lets it go ahead.
 * <ul>
 * <li><b>Repeated</b>: the subject made the same request (equal {@link RequestFingerprint}) within the repeat
 * window, and that one was not refused or cancelled (those were never carried out, so asking again is not a
 * repeat).</li>
 * <li><b>Burden</b>: the subject made at least {@code maxRequestsInWindow} other requests in the burden window, or
 * the systems last reported more than {@code maxItemsHeld} items about the subject (the volume a disclosure must
 * assemble and a deletion must reach).</li>
 * </ul>
 * Pure: the caller reads the history; this decides.
 */
public final class RefusalAdvisor {

    /** One earlier request of the same subject. */
    public record Earlier(UUID id, String fingerprint, RequestStatus status, OffsetDateTime receivedAt) {
    }

    /** The suggestion (no reasons: none) and the figures shown with it. */
    public record Advice(List<ReviewReason> reasons, Map<String, Object> figures) {
        public boolean suggestsReview() {
            return !reasons.isEmpty();
        }
    }

    private RefusalAdvisor() {
    }

    /**
     * @param fingerprint  the new request's
     * @param earlier      the subject's other requests received since {@code now - max(windows)}, any state
     * @param itemsHeld    how many items the systems reported about the subject in its latest completed request, if
     *                     there was one
     */
    public static Advice assess(String fingerprint, List<Earlier> earlier, Long itemsHeld, OffsetDateTime now,
            DataRequestConfig.Refusal limits) {
        OffsetDateTime repeatSince = now.minus(limits.repeatWindow());
        OffsetDateTime burdenSince = now.minus(limits.burdenWindow());
        List<String> repeats = earlier.stream()
                .filter(e -> e.fingerprint() != null && e.fingerprint().equals(fingerprint))
                .filter(e -> !e.receivedAt().isBefore(repeatSince))
                .filter(e -> e.status() != RequestStatus.REFUSED && e.status() != RequestStatus.CANCELLED)
                .map(e -> e.id().toString())
                .toList();
        long inBurdenWindow = earlier.stream().filter(e -> !e.receivedAt().isBefore(burdenSince)).count();

        List<ReviewReason> reasons = new ArrayList<>();
        if (!repeats.isEmpty()) {
            reasons.add(ReviewReason.REPEATED_REQUEST);
        }
        if (inBurdenWindow >= limits.maxRequestsInWindow() || (itemsHeld != null && itemsHeld > limits.maxItemsHeld())) {
            reasons.add(ReviewReason.EXCESSIVE_BURDEN);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sameRequestsInRepeatWindow", repeats.size());
        figures.put("sameRequestIds", repeats);
        figures.put("repeatWindow", limits.repeatWindow().toString());
        figures.put("otherRequestsInBurdenWindow", inBurdenWindow);
        figures.put("burdenWindow", limits.burdenWindow().toString());
        figures.put("maxRequestsInWindow", limits.maxRequestsInWindow());
        figures.put("itemsLastReported", itemsHeld);
        figures.put("maxItemsHeld", limits.maxItemsHeld());
        return new Advice(List.copyOf(reasons), figures);
    }
}
