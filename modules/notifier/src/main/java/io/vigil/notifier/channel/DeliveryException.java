package io.vigil.notifier.channel;

/** A delivery that did not happen; the message says why, without secrets. */
public final class DeliveryException extends Exception {

    public DeliveryException(String message) {
        super(message);
    }

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
