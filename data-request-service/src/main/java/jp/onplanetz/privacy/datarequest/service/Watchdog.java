package jp.onplanetz.privacy.datarequest.service;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.datarequest.config.DataRequestConfig;
import jp.onplanetz.privacy.datarequest.events.RequestEvents;
import jp.onplanetz.privacy.datarequest.repository.DataRequestRepository;
import jp.onplanetz.privacy.datarequest.repository.RequestTaskRepository;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What nobody must forget: requests still open after their due date, and systems that have not answered their task in
 * time, are flagged once each (the queue shows them; an event tells the officers' tools and the system's operators);
 * and a disclosure's data is removed when its bundle's retention has ended. Replicas share the work: each takes rows
 * the others have not locked, and a flag is set in the same transaction as its event, so nothing is flagged twice.
 */
@ApplicationScoped
public class Watchdog {

    /** Rows per transaction, so that one run never holds many locks for long. */
    static final int BATCH = 100;

    private final DataRequestRepository requests;
    private final RequestTaskRepository tasks;
    private final RequestEvents events;
    private final DataRequestConfig config;

    public Watchdog(DataRequestRepository requests, RequestTaskRepository tasks, RequestEvents events,
            DataRequestConfig config) {
        this.requests = requests;
        this.tasks = tasks;
        this.events = events;
        this.config = config;
    }

    @Scheduled(every = "${privacyops.data-request.watchdog-every}", delayed = "${privacyops.data-request.watchdog-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        while (flagOverdueRequests() == BATCH) {
            // more to do
        }
        while (flagOverdueAnswers() == BATCH) {
            // more to do
        }
        purgeExpiredBundles();
    }

    /** @return how many requests it flagged */
    @Transactional
    public int flagOverdueRequests() {
        OffsetDateTime now = DatabaseClock.now();
        List<DataRequest> overdue = requests.overdueUnflagged(now, BATCH);
        for (DataRequest r : overdue) {
            r.overdueFlaggedAt = now;
            events.overdue(r);
        }
        if (!overdue.isEmpty()) {
            Log.warnf("%d data request(s) newly overdue", overdue.size());
        }
        return overdue.size();
    }

    /** @return how many tasks it flagged */
    @Transactional
    public int flagOverdueAnswers() {
        OffsetDateTime now = DatabaseClock.now();
        List<RequestTask> late = tasks.overdueUnflagged(now, BATCH);
        for (RequestTask t : late) {
            t.overdueFlaggedAt = now;
            DataRequest r = requests.findById(t.requestId);
            events.answerOverdue(r, t);
            Log.warnf("request %s: %s has not answered by %s", t.requestId, t.system, t.answerBy);
        }
        return late.size();
    }

    /** @return how many tasks lost their disclosed data */
    @Transactional
    public int purgeExpiredBundles() {
        OffsetDateTime now = DatabaseClock.now();
        int purged = tasks.purgeDataCompletedBefore(now.minus(config.bundleRetention()), now);
        if (purged > 0) {
            Log.infof("removed the disclosed data of %d task(s) past the bundle retention of %s", purged,
                    config.bundleRetention());
        }
        return purged;
    }
}
