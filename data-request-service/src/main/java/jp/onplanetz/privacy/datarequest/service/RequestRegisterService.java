package jp.onplanetz.privacy.datarequest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.datarequest.config.DataRequestConfig;
import jp.onplanetz.privacy.datarequest.repository.DataRequestRepository;
import jp.onplanetz.privacy.datarequest.repository.RequestTaskRepository;
import jp.onplanetz.privacy.runtime.problem.ProblemException;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The register of requests, for a privacy officer to show how the company answered its data subjects: every request
 * received in a period, with how it was verified, decided and carried out, and each system's answer. Free text (the
 * subject's details, the correction's values, notes) stays out: the register is about the handling, and each
 * request's full view is one call away.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RequestRegisterService {

    /** A register is read by people: beyond this, narrow the period. */
    public static final int EXPORT_LIMIT = 100_000;

    /** The requests of the period with their tasks, oldest first. */
    public record Register(LocalDate from, LocalDate to, List<DataRequest> requests, Map<UUID, List<RequestTask>> tasks) {
    }

    private final DataRequestRepository requests;
    private final RequestTaskRepository tasks;
    private final DataRequestConfig config;

    public RequestRegisterService(DataRequestRepository requests, RequestTaskRepository tasks, DataRequestConfig config) {
        this.requests = requests;
        this.tasks = tasks;
        this.config = config;
    }

    /** Requests received from the start of {@code from} to the end of {@code to}, days in the company's calendar. */
    public Register of(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw ProblemException.invalidField("to", "must not be before from");
        }
        OffsetDateTime start = from.atStartOfDay(config.zone()).toOffsetDateTime();
        OffsetDateTime end = to.plusDays(1).atStartOfDay(config.zone()).toOffsetDateTime();
        List<DataRequest> found = requests.received(start, end, EXPORT_LIMIT + 1);
        if (found.size() > EXPORT_LIMIT) {
            throw ProblemException.conflict("too-many", "more than " + EXPORT_LIMIT
                    + " requests were received in that period; export a shorter one");
        }
        return new Register(from, to, found, tasks.ofRequests(found.stream().map(r -> r.id).toList()));
    }
}
