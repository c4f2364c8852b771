package jp.onplanetz.privacy.runtime.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Applies a consumed event again, after a back-off, for as long as it fails for a reason that may pass. A channel's
 * {@code dead-letter-queue} strategy sends every failure to the dead-letter topic and commits the offset: an event
 * read while the database was restarting would be dead-lettered, and its effect (a record of provision, a task's
 * answer) never made, although nothing is wrong with it. The inbox makes the retry safe: a retried event that did
 * commit after all is found there and changes nothing.
 *
 * <p>Permanent, and passed on to the dead-letter strategy at once: a {@link PoisonEventException}, and a database
 * refusal of the data itself (SQLSTATE classes 22, data exception, and 23, integrity constraint violation), which the
 * same event would meet every time. Anything else is retried without end, the partition waiting behind it in order:
 * a consumer that cannot apply its events stalls visibly (the log, {@code privacyops_inbox_retries_total}, the Kafka
 * health check) rather than dropping them.
 *
 * <p>It runs outside the transaction ({@code @Transactional}'s interceptor has a higher priority number), so every
 * attempt has a transaction of its own on a healthy connection.
 */
@RetryTransientFailures
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class RetryTransientFailuresInterceptor {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    private final Counter retries;

    public RetryTransientFailuresInterceptor(MeterRegistry meters) {
        this.retries = meters.counter("privacyops.inbox.retries");
    }

    @AroundInvoke
    Object retry(InvocationContext ctx) throws Exception {
        long backoff = FIRST_BACKOFF.toMillis();
        while (true) {
            try {
                return ctx.proceed();
            } catch (Exception e) {
                if (isPermanent(e)) {
                    throw e;
                }
                retries.increment();
                Log.warnf("%s: not applied (%s); retrying in %d ms", describe(ctx), rootMessage(e), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** Whether the same event would fail the same way every time. */
    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonEventException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(InvocationContext ctx) {
        String method = ctx.getMethod().getDeclaringClass().getSimpleName() + "." + ctx.getMethod().getName();
        for (Object p : ctx.getParameters()) {
            if (p instanceof ConsumerRecord<?, ?> r) {
                return method + " " + r.topic() + "-" + r.partition() + "@" + r.offset();
            }
        }
        return method;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + " caused by " + root;
    }
}
