package jp.onplanetz.privacy.disclosurelog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A data subject marked as subject to a request to delete their data or to stop its use or provision (APPI
 * Art. 35). The records about the person are kept (the law wants them for their retention period) and used for
 * nothing but that record-keeping; the mark is how every reader of those records sees the request.
 *
 * @param purposes   for a cessation of use: the purposes the request names (empty: all)
 * @param recipients for a cessation of provision: the recipients the request names (empty: all)
 * @param eventId    the CloudEvent id of the task that made the mark
 */
public record SubjectRequestMark(UUID id, String subjectId, UUID requestId, String requestType, List<String> purposes,
        List<String> recipients, Instant markedAt, String eventId) {

    public static final String DELETION = "deletion";
    public static final String CESSATION_OF_USE = "cessation-of-use";
    public static final String CESSATION_OF_PROVISION = "cessation-of-provision";

    /**
     * Whether the request reaches a provision to {@code recipient} for {@code purpose}: a deletion reaches every
     * one; a cessation of use the purposes it names (all when it names none); a cessation of provision the
     * recipients it names (all when none). A provision without a purpose is reached by any cessation of use.
     */
    public boolean reaches(String recipient, String purpose) {
        return switch (requestType) {
            case CESSATION_OF_USE -> purposes.isEmpty() || purpose == null || purposes.contains(purpose);
            case CESSATION_OF_PROVISION -> recipients.isEmpty() || recipient == null || recipients.contains(recipient);
            default -> true;
        };
    }
}
