package io.vigil.collector.netflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.flow.AddressMapper;
import io.vigil.model.CidrSet;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A receiver whose thread stops says why, so the collector's health is DOWN rather than UP with no flows. */
class NetflowReceiverTest {

    @Test
    void aThreadStoppedByAnErrorIsReportedNotHidden() throws Exception {
        BiflowJoiner joiner = new BiflowJoiner("lab", "netflow", CidrSet.of(List.of("10.0.0.0/8")),
                AddressMapper.IDENTITY, f -> {
                    throw new StackOverflowError();
                }, 0);
        try (NetflowReceiver r = new NetflowReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), joiner,
                new ExporterStats()).start();
             DatagramSocket exporter = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThat(r.failure()).isNull();
            byte[] v5 = ExportDecoderTest.v5(0, 1, 0);
            exporter.send(new DatagramPacket(v5, v5.length, InetAddress.getLoopbackAddress(), r.port()));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (r.failure() == null && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(r.failure()).isEqualTo("vigil-netflow-decode stopped: java.lang.StackOverflowError");
        }
    }
}
