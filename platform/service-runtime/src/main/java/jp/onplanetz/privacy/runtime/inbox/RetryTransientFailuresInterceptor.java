package jp.onplanetz.privacy.runtime.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;

/**
 * Applies a consumed event again, after a back-off, for as long as it fails for a reason that may pass. A channel's
 * {@code dead-letter-queue} strategy sends every failure to the dead-letter topic and commits the offset: an event
 * read while the database was restarting would be dead-lettered, and its effect (a record of provision, a task's
 * answer) never made, although nothing is wrong with it. The inbox makes the retry safe: a retried event that did
 * commit after all is found there and changes nothing.
 *
 * <p>Retried, without end and with the partition waiting behind it in order, is only a failure of the database's
 * availability: a connection refused, broken or shut down (SQLSTATE class 08, 57P01 to 57P03), resources exhausted
 * (class 53), a serialization failure or deadlock (40001, 40P01), a transient or recoverable JDBC exception, a
 * driver error without a SQLSTATE (the pool's acquisition timeout), or a socket failure. A consumer that cannot reach
 * its database stalls visibly (the log, {@code privacyops_inbox_retries_total}, readiness) rather than dropping
 * events. Anything else (a {@link PoisonEventException}, data the database refuses, a refusal by the service's own
 * rules) would fail the same way every time, and goes on to the dead-letter strategy at once.
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

    /** Whether the same event would fail the same way every time: anything but the database's availability. */
    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonEventException) {
                return true;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof SocketException) {
                return false;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return !(state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.equals("40001") || state.equals("40P01"));
            }
        }
        return true;
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
