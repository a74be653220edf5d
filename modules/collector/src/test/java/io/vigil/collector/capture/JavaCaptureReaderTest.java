package io.vigil.collector.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.Scenarios;
import io.vigil.simulator.Traffic;
import io.vigil.simulator.packet.Framing;
import io.vigil.simulator.packet.IpPackets;
import io.vigil.runtime.pcap.LinkType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.Assertions;
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
        int lastLen = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        long lastBlock = bytes.length - lastLen;
        assertThat(r.damage()).isEqualTo(cut + ": damaged at byte " + lastBlock + " (after packet " + got.frames.size()
                + "): truncated block (" + (bytes.length - 10 - lastBlock) + " of " + lastLen + " bytes); the "
                + got.frames.size() + " packets before it were read");
        assertThat(got.times).isEqualTo(all.times.subList(0, got.times.size()));
    }

    @Test
    void nanosecondTimestampsSurviveIfTsresolInPcapngAndTheNanoMagicInPcap() throws Exception {
        Traffic t = new Traffic(1);
        long ts = 1_793_000_000_123_456_789L;
        t.add(ts, IpPackets.udp(Traffic.ip("10.0.0.1"), 1,
                Traffic.ip("10.0.0.2"), 2, new byte[3]));
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
        ByteBuffer b = ByteBuffer.allocate(24 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(1).putInt(0).putInt(0x7fff0000).putInt(0x7fff0000);
        Path f = dir.resolve("huge.pcap");
        Files.write(f, b.array());
        ReadResult r = JavaCaptureReader.read(f, new Frames(), null);
        assertThat(r.damage()).isEqualTo(f + ": damaged at byte 24 (after packet 0): record length 2147418112 is not "
                + "plausible; the 0 packets before it were read");
    }

    /** A little-endian microsecond pcap of raw IP packets at the given seconds. */
    Path pcapAt(String name, long... seconds) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + seconds.length * 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
        for (long s : seconds) b.putInt((int) s).putInt(0).putInt(4).putInt(60).put(new byte[] {0x45, 0, 0, 60});
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    @Test
    void aFractionOfASecondThatIsASecondOrMoreIsDamageInBothReadersNotAPacketLostInSilence() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Path f = pcapAt("usec.pcap", now - 60, now - 59, now - 58);
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 20 + 4, 1_500_000); // packet 2's microseconds
        Files.write(f, b);
        assertThat(JavaCaptureReader.read(f, new Frames(), null).damage())
                .isEqualTo(f + ": damaged at byte 44 (after packet 1): the record's microseconds field is 1500000, a second "
                        + "or more; the 1 packets before it were read");
        // libpcap hands the time over as it is (scaled to nanoseconds); a stack trace or a packet lost in silence would be wrong
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        ReadResult viaLibpcap;
        try {
            System.setErr(new PrintStream(err, true));
            viaLibpcap = PcapFileReader.read(f, new Frames(), null);
        } finally {
            System.setErr(old);
        }
        assertThat(viaLibpcap.damage()).isEqualTo(f + ": damaged at byte 44 (after packet 1): the record's fraction of a "
                + "second is 1500000000 ns, not under a second; the 1 packets before it were read");
        assertThat(viaLibpcap.packets()).isEqualTo(1);
        assertThat(err.toString()).as("no stack trace on the terminal").doesNotContain("Exception");
    }

    @Test
    void packetTimesNoClockGivesAreDamageNamingTheFileTheByteAndTheTime() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        // a packet dated 2106 (the largest pcap time) after two good ones
        Path future = pcapAt("future.pcap", now - 60, now - 59, 0xfffffff0L);
        ReadResult r = JavaCaptureReader.read(future, new Frames(), null);
        assertThat(r.damage()).startsWith(future + ": damaged at byte 64 (after packet 2): packet dated 2106-")
                .contains("in the future").endsWith("the 2 packets before it were read");
        // libpcap's reader stops at the same packet (it reads the seconds as signed: 1969, not 2106)
        ReadResult viaLibpcap = PcapFileReader.read(future, new Frames(), null);
        assertThat(viaLibpcap.damage()).contains("after packet 2").contains("packet dated 1969-12-31");
        assertThat(viaLibpcap.packets()).isEqualTo(2);

        // all zeros: a clock never set
        Path zero = pcapAt("zero.pcap", 0, 0);
        assertThat(JavaCaptureReader.read(zero, new Frames(), null).damage())
                .contains("at byte 24 (after packet 0): packet dated 1970-01-01T00:00:00Z, a time of zero");
        // a 1999 capture is a capture like any other (the DARPA evaluation sets are still a reference)
        long y1999 = 917_870_400L; // 1999-02-01T12:00:00Z
        assertThat(JavaCaptureReader.read(pcapAt("1999.pcap", y1999, y1999 + 1, y1999 + 2), new Frames(), null).whole()).isTrue();
        assertThat(PcapFileReader.read(pcapAt("1999-libpcap.pcap", y1999, y1999 + 1), new Frames(), null).whole()).isTrue();
        // but a clock that jumps years inside one capture is damage
        Path jump = pcapAt("jump.pcap", y1999, y1999 + 1, now - 60);
        assertThat(JavaCaptureReader.read(jump, new Frames(), null).damage())
                .contains("after packet 2").contains("more than a year after the packets already read (1999-02-01");
        // running backwards by more than a day
        Path back = pcapAt("back.pcap", now - 60, now - 3 * 86_400);
        assertThat(JavaCaptureReader.read(back, new Frames(), null).damage())
                .contains("after packet 1").contains("more than a day before the packets already read");
        // a few seconds out of order is ordinary (queues on the capturing NIC)
        Path jitter = pcapAt("jitter.pcap", now - 60, now - 62, now - 59);
        assertThat(JavaCaptureReader.read(jitter, new Frames(), null).whole()).isTrue();
    }

    @Test
    void aPipeIsRefusedAtOnceInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("capture.fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Assertions.assertThatThrownBy(() -> CaptureFiles.check(fifo))
                .isInstanceOf(CaptureInputException.class)
                .hasMessage(fifo + ": is not a regular file (a pipe or a device?); give a capture file");
    }
}
