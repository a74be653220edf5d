package io.vigil.collector.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.Scenarios;
import io.vigil.simulator.packet.Framing;
import io.vigil.simulator.pcap.LinkType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaCaptureReaderTest {

    @TempDir
    Path dir;

    /** Collects what the reader delivers. */
    static final class Frames implements PacketListener {
        final List<Long> times = new ArrayList<>();
        final List<byte[]> frames = new ArrayList<>();
        final List<Integer> linkTypes = new ArrayList<>();

        @Override
        public void begin(String source, int linkType) {
            linkTypes.add(linkType);
        }

        @Override
        public void packet(long tsNanos, byte[] buf, int offset, int caplen, int origLen) {
            times.add(tsNanos);
            frames.add(Arrays.copyOfRange(buf, offset, offset + caplen));
        }
    }

    @Test
    void aBigEndianPcapWithMicrosecondsIsReadLikeALittleEndianOne() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 4);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        b.putInt(1_793_000_000).putInt(250_000).putInt(4).putInt(60).put(new byte[] {0x45, 0, 0, 60});
        Path f = dir.resolve("be.pcap");
        Files.write(f, b.array());

        Frames got = new Frames();
        ReadResult r = JavaCaptureReader.read(f, got, null);

        assertThat(r.whole()).isTrue();
        assertThat(got.linkTypes).containsExactly(101);
        assertThat(got.times).containsExactly(1_793_000_000L * 1_000_000_000L + 250_000_000L);
        assertThat(got.frames.get(0)).containsExactly(0x45, 0, 0, 60);
    }

    @Test
    void aTruncatedPcapngIsReadUpToTheBlockThatIsCutAndSaysWhere() throws Exception {
        Path whole = dir.resolve("whole.pcapng");
        Scenarios.benign(2, 10).traffic().write(whole, new Framing(LinkType.ETHERNET, 0), true, true);
        Frames all = new Frames();
        JavaCaptureReader.read(whole, all, null);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.pcapng");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));

        Frames got = new Frames();
        ReadResult r = JavaCaptureReader.read(cut, got, null);

        assertThat(got.frames).hasSize(all.frames.size() - 1);
        int lastLen = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        long lastBlock = bytes.length - lastLen;
        assertThat(r.damage()).isEqualTo(cut + ": damaged at byte " + lastBlock + " (after packet " + got.frames.size()
                + "): truncated block (" + (bytes.length - 10 - lastBlock) + " of " + lastLen + " bytes); the "
                + got.frames.size() + " packets before it were read");
        assertThat(got.times).isEqualTo(all.times.subList(0, got.times.size()));
    }

    @Test
    void nanosecondTimestampsSurviveIfTsresolInPcapngAndTheNanoMagicInPcap() throws Exception {
        io.vigil.simulator.Traffic t = new io.vigil.simulator.Traffic(1);
        long ts = 1_793_000_000_123_456_789L;
        t.add(ts, io.vigil.simulator.packet.IpPackets.udp(io.vigil.simulator.Traffic.ip("10.0.0.1"), 1,
                io.vigil.simulator.Traffic.ip("10.0.0.2"), 2, new byte[3]));
        for (boolean ng : new boolean[] {true, false}) {
            Path f = dir.resolve(ng ? "n.pcapng" : "n.pcap");
            t.write(f, new Framing(LinkType.ETHERNET, 0), true, ng);
            Frames got = new Frames();
            JavaCaptureReader.read(f, got, null);
            assertThat(got.times).as(f.toString()).containsExactly(ts);
        }
    }

    @Test
    void anImplausibleRecordLengthIsDamageNotAnAttemptToAllocate() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(1).putInt(0).putInt(0x7fff0000).putInt(0x7fff0000);
        Path f = dir.resolve("huge.pcap");
        Files.write(f, b.array());
        ReadResult r = JavaCaptureReader.read(f, new Frames(), null);
        assertThat(r.damage()).isEqualTo(f + ": damaged at byte 24 (after packet 0): record length 2147418112 is not "
                + "plausible; the 0 packets before it were read");
    }
}
