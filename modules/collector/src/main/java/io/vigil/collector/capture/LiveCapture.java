package io.vigil.collector.capture;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.function.BooleanSupplier;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

/**
 * Live capture from a network interface: pcap4j opens and configures it, {@link NextPacket}
 * reads it. The handle is non-blocking: libpcap 1.10's read timeout only starts once a packet
 * arrives, so a blocking read could wait forever on a quiet link and flows would never time
 * out. When a read finds nothing, the idle callback runs (expiry, heartbeats) and the thread
 * naps briefly. libpcap's own counters (received, dropped by the kernel, dropped by the
 * interface) are read on the capture thread and published for others.
 */
public final class LiveCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveCapture.class);

    /** Capture settings; {@code bpf} may be empty. */
    public record Settings(String iface, int snaplen, boolean promiscuous, int bufferBytes, String bpf) {}

    private final Settings settings;
    private PcapHandle handle;
    public final AtomicLong received = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    public final AtomicLong droppedByInterface = new AtomicLong();
    /** Packets lost to an error between libpcap and the flow table (counted, logged now and then, never silent). */
    public final AtomicLong callbackErrors = new AtomicLong();

    public LiveCapture(Settings settings) {
        this.settings = settings;
    }

    /** Opens the interface; every failure is one line naming the interface and the fix. */
    public void open() throws CaptureInputException {
        String name = settings.iface();
        try {
            PcapNetworkInterface nif = Pcaps.getDevByName(name);
            if (nif == null) {
                StringBuilder names = new StringBuilder();
                for (PcapNetworkInterface d : Pcaps.findAllDevs()) names.append(names.length() == 0 ? "" : ", ").append(d.getName());
                throw new CaptureInputException("interface " + name + ": no such interface (available: " + names + ")");
            }
            handle = new PcapHandle.Builder(name)
                    .snaplen(settings.snaplen())
                    .promiscuousMode(settings.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .bufferSize(settings.bufferBytes())
                    .timeoutMillis(10)
                    .immediateMode(false)
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .build();
        } catch (PcapNativeException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("ermission") || m.contains("not permitted")) {
                throw new CaptureInputException("interface " + name + ": permission denied (run as root, or give java "
                        + "CAP_NET_RAW and CAP_NET_ADMIN)");
            }
            throw new CaptureInputException("interface " + name + ": cannot capture: " + m);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new CaptureInputException("libpcap is not installed (apt-get install -y libpcap0.8): " + e.getMessage());
        }
        try {
            if (settings.bpf() != null && !settings.bpf().isBlank()) {
                handle.setFilter(settings.bpf(), BpfProgram.BpfCompileMode.OPTIMIZE);
            }
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
        } catch (PcapNativeException e) {
            close();
            throw new CaptureInputException("interface " + name + ": bad filter '" + settings.bpf() + "': "
                    + String.valueOf(e.getMessage()).replaceFirst("^Error occurred: ", ""));
        } catch (NotOpenException e) {
            throw new IllegalStateException(e);
        }
    }

    public int linkType() {
        return handle.getDlt().value();
    }

    /**
     * Captures until {@code running} turns false: frames go to {@code listener}; {@code idle}
     * runs when a dispatch found nothing, and at least every 100 ms under load.
     */
    public void run(PacketListener listener, Runnable idle, BooleanSupplier running) throws CaptureInputException {
        listener.begin("interface " + settings.iface(), linkType());
        NextPacket next = NextPacket.of(handle);
        long lastIdle = System.nanoTime();
        try {
            while (running.getAsBoolean()) {
                int n = 0;
                int rc = NextPacket.NONE;
                // up to 4096 packets between looks at the clock, as pcap_dispatch's batch was
                while (n < 4096 && (rc = next.next()) == NextPacket.PACKET) {
                    n++;
                    deliver(next, listener);
                }
                if (rc == NextPacket.CLOSED) return;
                if (rc == NextPacket.ERROR || rc == NextPacket.END) {
                    throw new CaptureInputException("interface " + settings.iface() + ": capture failed: " + next.error());
                }
                long now = System.nanoTime();
                if (n == 0 || now - lastIdle > 100_000_000L) {
                    readStats();
                    idle.run();
                    lastIdle = now;
                    if (n == 0) Thread.sleep(5);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One packet to the listener; one that breaks on the way is counted and logged now and then, never silent. */
    private void deliver(NextPacket next, PacketListener listener) {
        String bad = next.badTime();
        if (bad != null) {
            lost(bad);
            return;
        }
        try {
            listener.packet(next.tsNanos(), next.buffer(), 0, next.caplen(), next.origLen());
        } catch (RuntimeException e) {
            lost(e.toString());
        }
    }

    private void lost(String why) {
        long n = callbackErrors.incrementAndGet();
        if (n == 1 || n % 1000 == 0) log.error("packet lost to an error count={} error={}", n, why);
    }

    private void readStats() {
        try {
            PcapStat s = handle.getStats();
            received.set(s.getNumPacketsReceived());
            dropped.set(s.getNumPacketsDropped());
            droppedByInterface.set(s.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            // counters stay at their last value
        }
    }

    @Override
    public void close() {
        if (handle != null && handle.isOpen()) handle.close();
    }
}
