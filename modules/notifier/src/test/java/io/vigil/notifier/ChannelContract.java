package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Lifecycle;
import io.vigil.model.Severity;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.DeliveryException;
import io.vigil.notifier.channel.Notice;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every channel promises, against a real receiver: a raised alert arrives once, naming
 * its source; a receiver that is gone is a {@link DeliveryException} with a one-line reason
 * (the notifier retries those), nothing else; text the attacker chose cannot turn one message
 * into two; it wants raised, ended and escalated notices; closing twice is harmless. A new
 * channel type passes this by subclassing it with its receiver (Micrometer's
 * MeterRegistryCompatibilityKit is the model).
 */
abstract class ChannelContract {

    /** A channel aimed at a receiver started for it. */
    abstract Channel start() throws Exception;

    /** Every message the receiver has got, as text. */
    abstract List<String> received() throws Exception;

    /** The receiver goes away; false when there is none to take (the console). */
    abstract boolean takeReceiverAway() throws Exception;

    /** Stops what {@link #start} started. */
    abstract void stop() throws Exception;

    Channel channel;

    @BeforeEach
    void open() throws Exception {
        channel = start();
    }

    @AfterEach
    void shut() throws Exception {
        channel.close();
        stop();
    }

    /** A high port scan whose summary and evidence carry {@code text}. */
    static Alert alert(String id, String text) {
        Instant t = Instant.parse("2026-11-02T09:00:00Z");
        return new Alert(Alert.VERSION, id, AlertType.PORT_SCAN, Severity.HIGH, Alert.ACTIVE, "clinic-north",
                "198.51.100.23", "10.10.1.10", List.of("10.10.1.10"), t, t.plusSeconds(4), t.plusSeconds(1),
                Instant.now(), 3, 45, new Alert.Baseline(15, 0, 0), text, Map.of("note", text),
                List.of("T1046"));
    }

    List<String> await(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (received().size() < n && System.nanoTime() < deadline) Thread.sleep(20);
        return received();
    }

    @Test
    void aRaisedAlertArrivesOnceNamingItsSource() throws Exception {
        channel.deliver(Notice.of(Lifecycle.RAISED.wire(), alert("contract-1", "198.51.100.23 probed 45 ports"), "soc"));
        List<String> got = await(1);
        Thread.sleep(200);
        assertThat(received()).as("once").hasSize(1);
        assertThat(got.get(0)).contains("198.51.100.23");
    }

    @Test
    @Timeout(30)
    void aReceiverThatIsGoneIsADeliveryExceptionWithAOneLineReason() throws Exception {
        assumeTrue(takeReceiverAway(), "this channel has no receiver to lose");
        assertThatThrownBy(() -> channel.deliver(Notice.of(Lifecycle.RAISED.wire(), alert("contract-2", "x"), "soc")))
                .isInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void theAttackersTextCannotMakeTwoMessagesOfOne() throws Exception {
        String hostile = "evil.example\r\n\r\n<1>Nov 30 fake: second message\u0000\u001b[2J | cs1=injected \\ = end";
        channel.deliver(Notice.of(Lifecycle.RAISED.wire(), alert("contract-3", hostile), "soc"));
        await(1);
        Thread.sleep(300);
        assertThat(received()).hasSize(1);
        assertThat(received().get(0)).doesNotContain("\u0000").doesNotContain("\u001b");
    }

    @Test
    void itWantsWhatPeopleMustHearAndHasAName() {
        assertThat(channel.name()).isNotBlank();
        for (Lifecycle e : List.of(Lifecycle.RAISED, Lifecycle.ENDED, Lifecycle.ESCALATED)) {
            assertThat(channel.wants(e.wire())).as(e.wire()).isTrue();
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        channel.close();
        channel.close();
    }
}
