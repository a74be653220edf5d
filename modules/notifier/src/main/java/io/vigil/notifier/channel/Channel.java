package io.vigil.notifier.channel;

/**
 * One way of telling people about alerts. A delivery either happens or throws
 * {@link DeliveryException}; the notifier retries. Implementations must be safe to call again
 * for the same notice: receivers de-duplicate by alert id.
 */
public interface Channel extends AutoCloseable {

    String name();

    void deliver(Notice notice) throws DeliveryException;

    /** Which alert events this channel wants; digests and escalations always go. */
    default boolean wants(String event) {
        return true;
    }

    @Override
    default void close() {}
}
