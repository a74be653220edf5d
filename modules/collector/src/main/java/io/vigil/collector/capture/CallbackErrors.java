package io.vigil.collector.capture;

import com.sun.jna.Native;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes wrong inside libpcap's callback. pcap4j builds a packet's timestamp before Vigil's
 * listener runs, and JNA catches whatever is thrown there (a damaged capture's microseconds
 * of 1 000 000 or more), prints it with a stack trace and goes on to the next packet: a
 * packet lost without a word, and a stack trace on the user's terminal. Here the exception
 * goes to whoever is reading on that thread instead — the file reader reports it as damage,
 * live capture counts it — and only a thread with no reader logs it, on one line.
 */
final class CallbackErrors {

    private static final Logger log = LoggerFactory.getLogger(CallbackErrors.class);
    private static final ThreadLocal<Consumer<Throwable>> SINK = new ThreadLocal<>();

    static {
        Native.setCallbackExceptionHandler((callback, e) -> {
            Consumer<Throwable> sink = SINK.get();
            if (sink != null) sink.accept(e);
            else log.error("packet callback failed outside a capture error={}", e.toString());
        });
    }

    private CallbackErrors() {}

    /** Sends this thread's callback failures to {@code sink} until the returned handle is closed. */
    static Scope on(Consumer<Throwable> sink) {
        SINK.set(sink);
        return SINK::remove;
    }

    /** Closes without a checked exception. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
