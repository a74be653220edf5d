package io.vigil.collector.flow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vigil.model.FlowRecord;
import io.vigil.testkit.Flows;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The writer's thread hands its failure back to the caller, whatever it was; the caller never waits for ever. */
class AsyncFlowSinkTest {

    @Test
    void anErrorInTheTargetReachesTheCallerInsteadOfBlockingIt() {
        FlowRecord f = Flows.established("10.0.0.1", "192.0.2.1", 443, Flows.T0, 1);
        AsyncFlowSink sink = new AsyncFlowSink(r -> {
            throw new StackOverflowError();
        }, "test-sink");
        // more than the queue holds: with a dead thread and a blocking put this would hang
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 100_000; i++) sink.accept(f);
                }).isInstanceOf(IllegalStateException.class).hasMessageContaining("StackOverflowError"));
    }
}
