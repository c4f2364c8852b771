package jp.onplanetz.privacy.disclosurelog.service.requests;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.SubjectRequestMark;
import jp.onplanetz.privacy.disclosurelog.repository.requests.SubjectRequestMarkRepository;

import java.util.List;

/**
 * The register of subjects marked as subject to a request to delete or to stop, for the privacy officer. Marks
 * are made by {@link DataRequestTaskService} from data-request-service's tasks, never over HTTP.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class SubjectRequestMarkService {

    /** One page of marks, and how many there are in all. */
    public record Listing(List<SubjectRequestMark> items, long total) {
    }

    private final SubjectRequestMarkRepository marks;

    public SubjectRequestMarkService(SubjectRequestMarkRepository marks) {
        this.marks = marks;
    }

    /** The marks of one subject, or of all ({@code subjectId} null), the newest first. */
    public Listing list(String subjectId, int page, int size) {
        return new Listing(marks.page(subjectId, (long) page * size, size), marks.count(subjectId));
    }
}
