package jp.onplanetz.privacy.datarequest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataHolderSystem;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.datarequest.config.DataRequestConfig;
import jp.onplanetz.privacy.datarequest.repository.DataHolderSystemRepository;
import jp.onplanetz.privacy.datarequest.repository.DataRequestRepository;
import jp.onplanetz.privacy.datarequest.repository.RequestTaskRepository;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;
import jp.onplanetz.privacy.runtime.time.UtcTimes;
import jakarta.ws.rs.core.Response;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A completed disclosure's answer to the subject: one document made of every system's answer (what it holds, or that
 * it holds nothing), for the subject alone to download, until the bundle's retention ends.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class BundleService {

    static final String ABOUT = "The personal data the company's systems hold about you, as each system answered your"
            + " request. Each system says in its own words what it holds and how it keeps it; where a system holds"
            + " nothing about you, or keeps nothing of the kind you asked for, it says so.";

    /** The bundle as a document, and the request it answers. */
    public record Bundle(DataRequest request, Map<String, Object> document) {
    }

    private final DataRequestRepository requests;
    private final RequestTaskRepository tasks;
    private final DataHolderSystemRepository systems;
    private final DataRequestConfig config;

    public BundleService(DataRequestRepository requests, RequestTaskRepository tasks, DataHolderSystemRepository systems,
            DataRequestConfig config) {
        this.requests = requests;
        this.tasks = tasks;
        this.systems = systems;
        this.config = config;
    }

    /**
     * The bundle of {@code subjectId}'s own request: another subject's request is "not found"; a request that is no
     * disclosure, or not completed, has none yet (409); one whose retention ended has none any more (410).
     */
    public Bundle of(UUID requestId, String subjectId) {
        DataRequest r = requests.findByIdOptional(requestId).filter(found -> found.subjectId.equals(subjectId))
                .orElseThrow(() -> ProblemException.notFound("request " + requestId));
        if (!r.type().isDisclosure()) {
            throw ProblemException.conflict("no-bundle", "request " + requestId + " is a " + r.requestType
                    + " request; only a disclosure is answered with a bundle");
        }
        if (r.status() != RequestStatus.COMPLETED) {
            throw ProblemException.conflict("bundle-not-ready", "request " + requestId + " is " + r.status
                    + "; its bundle is made when every system has answered");
        }
        List<RequestTask> answered = tasks.ofRequest(r.id);
        if (answered.stream().anyMatch(t -> t.dataPurgedAt != null)) {
            throw new ProblemException(Problem.of(Response.Status.GONE, "bundle-expired", "the bundle of request "
                    + requestId + " was kept until " + UtcTimes.rfc3339(expiresAt(r)) + " and has been removed; file a new request"));
        }
        Map<String, DataHolderSystem> names = systems.all().stream()
                .collect(Collectors.toMap(s -> s.code, Function.identity()));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("requestId", r.id.toString());
        doc.put("subjectId", r.subjectId);
        doc.put("requestType", r.requestType);
        doc.put("receivedAt", UtcTimes.rfc3339(r.receivedAt));
        doc.put("completedAt", UtcTimes.rfc3339(r.completedAt));
        doc.put("generatedAt", UtcTimes.rfc3339(DatabaseClock.now()));
        doc.put("availableUntil", UtcTimes.rfc3339(expiresAt(r)));
        doc.put("about", ABOUT);
        doc.put("systems", answered.stream().map(t -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("system", t.system);
            DataHolderSystem holder = names.get(t.system);
            s.put("name", holder == null ? t.system : holder.name);
            s.put("outcome", t.outcome);
            s.put("detail", t.detail);
            s.put("items", t.affected);
            s.put("answeredAt", UtcTimes.rfc3339(t.answeredAt));
            s.put("data", t.data);
            return s;
        }).toList());
        return new Bundle(r, doc);
    }

    /** Until when a completed request's bundle can be downloaded. */
    public OffsetDateTime expiresAt(DataRequest r) {
        return r.completedAt == null ? null : r.completedAt.plus(config.bundleRetention());
    }

}
