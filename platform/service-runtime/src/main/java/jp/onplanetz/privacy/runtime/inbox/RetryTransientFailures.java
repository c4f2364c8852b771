package jp.onplanetz.privacy.runtime.inbox;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a consumer's {@code @Incoming} method (beside its {@code @Transactional}): a failure that may pass (the database
 * restarting, a connection lost, a deadlock) is retried, each time in a new transaction, until the event is applied;
 * only what can never be applied ({@link PoisonEventException}, or data the database refuses) reaches the channel's
 * dead-letter strategy. See {@link RetryTransientFailuresInterceptor}.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RetryTransientFailures {
}
