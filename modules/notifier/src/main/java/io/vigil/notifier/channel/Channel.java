package io.vigil.notifier.channel;

import io.vigil.model.Alert;

/** One way of telling people about an alert. Implementations must be safe to call again for the same alert. */
public interface Channel extends AutoCloseable {

    String name();

    /**
     * Delivers one alert. {@code event} is {@code raised} for a new alert, {@code updated} for a
     * later version of one, {@code ended} when its episode is over.
     */
    void deliver(Alert alert, String event) throws DeliveryException;

    @Override
    default void close() {}
}
