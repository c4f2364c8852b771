package jp.onplanetz.privacy.runtime.inbox;

/** An event that can never be applied, whatever the retries: it belongs on the dead-letter topic. */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String reason) {
        super(reason);
    }
}
