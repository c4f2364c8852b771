package jp.onplanetz.privacy.disclosurelog.service.records;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jp.onplanetz.privacy.disclosurelog.config.DisclosureLogConfig;
import jp.onplanetz.privacy.disclosurelog.service.ledger.LedgerService.Appended;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordService.Provision;
import jp.onplanetz.privacy.disclosurelog.service.records.RecordService.Receiving;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit for single-record appends. Services append one record per provision as it happens, many at once;
 * in a transaction of its own each such record pays for a whole transaction (locking its log's head, the round
 * trips, the commit's wait for the disk) and the service spends most of its time on that rather than on the
 * record. Here single records queue for a few committer threads; a committer takes what has queued while it was
 * busy and appends it as one batch, in one transaction, through the same {@link RecordService} path a batch takes.
 * An idle service commits a lone record at once; a busy one commits bigger groups. Nothing is answered before its
 * group has committed, so a 201 means what it always meant: the record is durable.
 * <p>
 * A group is all or none, but its members are strangers: when a group fails (a member's invalid field, a request
 * id used before for another record, a deadlock), every member is tried again alone, so each caller gets the
 * answer its own record deserves and never one caused by another's.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    private enum Kind {
        PROVISION, RECEIVING
    }

    /** One caller's record, waiting for its group. Records of one kind and caller group together. */
    record Pending(Kind kind, String caller, Object record, CompletableFuture<Appended> result) {
        Pending(Kind kind, String caller, Object record) {
            this(kind, caller, record, new CompletableFuture<>());
        }

        String groupKey() {
            return kind + " " + caller;
        }
    }

    private final RecordService records;
    private final DisclosureLogConfig.GroupCommit settings;
    private final DistributionSummary groupSizes;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean open;
    private ExecutorService committers;

    public GroupCommit(RecordService records, DisclosureLogConfig config, MeterRegistry meters) {
        this.records = records;
        this.settings = config.ledger().groupCommit();
        this.groupSizes = DistributionSummary.builder("disclosure_log_append_group_records")
                .description("Records appended per group commit of single-record appends")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    void start(@Observes StartupEvent start) {
        if (settings.committers() < 1) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        committers = Executors.newFixedThreadPool(settings.committers(), r -> {
            Thread t = new Thread(r, "ledger-group-commit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        open = true;
        for (int i = 0; i < settings.committers(); i++) {
            committers.execute(this::commitLoop);
        }
    }

    /** Stops taking new records and lets the committers finish what has queued, so that no caller is left hanging. */
    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        open = false;
        if (committers != null) {
            committers.shutdown();
            if (!committers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warnf("group commit: %d records still queued at shutdown", queue.size());
            }
        }
    }

    public Appended appendProvision(Provision provision, String caller) {
        return submit(new Pending(Kind.PROVISION, caller, provision));
    }

    public Appended appendReceiving(Receiving receiving, String caller) {
        return submit(new Pending(Kind.RECEIVING, caller, receiving));
    }

    private Appended submit(Pending pending) {
        if (!open) {
            return alone(pending);
        }
        queue.add(pending);
        // Shutdown began between the check and the add, and the committers may have gone: unless one has taken it
        // already (and so will answer it), take it back and do it here.
        if (!open && queue.remove(pending)) {
            return alone(pending);
        }
        try {
            return pending.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void commitLoop() {
        List<Pending> taken = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            taken.add(first);
            queue.drainTo(taken, settings.maxRecords() - 1);
            for (List<Pending> group : byKindAndCaller(taken)) {
                commit(group);
            }
            taken.clear();
        }
    }

    private static Iterable<List<Pending>> byKindAndCaller(List<Pending> taken) {
        Map<String, List<Pending>> groups = new LinkedHashMap<>();
        for (Pending p : taken) {
            groups.computeIfAbsent(p.groupKey(), k -> new ArrayList<>()).add(p);
        }
        return groups.values();
    }

    /** Appends a group in one transaction; when that fails, each member alone. Completes every member's answer. */
    void commit(List<Pending> group) {
        if (group.size() > 1) {
            try {
                List<Appended> appended = appendAll(group);
                groupSizes.record(group.size());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).result().complete(appended.get(i));
                }
                return;
            } catch (RuntimeException e) {
                LOG.debugf(e, "group commit of %d records failed; each is tried alone", group.size());
            }
        }
        for (Pending p : group) {
            try {
                Appended appended = alone(p);
                groupSizes.record(1);
                p.result().complete(appended);
            } catch (RuntimeException e) {
                p.result().completeExceptionally(e);
            }
        }
    }

    private List<Appended> appendAll(List<Pending> group) {
        String caller = group.get(0).caller();
        if (group.get(0).kind() == Kind.PROVISION) {
            return records.appendProvisions(group.stream().map(p -> (Provision) p.record()).toList(), caller, null);
        }
        return records.appendReceivings(group.stream().map(p -> (Receiving) p.record()).toList(), caller, null);
    }

    private Appended alone(Pending p) {
        return appendAll(List.of(p)).get(0);
    }

    static Pending provision(Provision provision, String caller) {
        return new Pending(Kind.PROVISION, caller, provision);
    }
}
