package io.vigil.collector.evidence;

import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.capture.ReadResult;
import io.vigil.collector.decode.DecodeResult;
import io.vigil.collector.decode.DecodedPacket;
import io.vigil.collector.decode.PacketDecoder;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.Addresses;
import io.vigil.model.CidrSet;
import io.vigil.runtime.pcap.PcapWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the packets each alert stands on ({@link EvidenceScope}) from capture files into
 * {@code DIR/ALERT_ID.pcap}, one pass over the captures for all alerts: the packets as captured,
 * with their nanosecond times and link type. A file is written only for an alert that has
 * packets; an alert whose packets span captures of different link types keeps those of the
 * first and counts the others (a pcap has one link type).
 */
public final class EvidenceCut implements PacketListener {

    /** What was cut for one alert. */
    public record Cut(String alertId, Path file, long packets, long bytes, long otherLinkType) {}

    /**
     * An address as the alerts name it: its text, or — where the collector pseudonymises — the
     * pseudonym flows carried, so an alert about {@code ip-…} finds its host's packets.
     */
    @FunctionalInterface
    public interface Naming {
        Naming TEXT = Addresses::format;

        String name(int ipVersion, long hi, long lo);

        /** Addresses as flows leave the collector: {@code mapper} applied to those in {@code internal}. */
        static Naming of(AddressMapper mapper, CidrSet internal) {
            if (mapper == AddressMapper.IDENTITY) return TEXT;
            return (v, hi, lo) -> {
                boolean in = v == 4 ? internal.containsV4((int) lo) : internal.containsV6(hi, lo);
                return mapper.map(Addresses.bytes(v, hi, lo), Addresses.format(v, hi, lo), in);
            };
        }
    }

    private final Path dir;
    private final Naming naming;
    private final Map<String, List<EvidenceScope>> byHost = new HashMap<>();
    private final Map<String, Writer> writers = new LinkedHashMap<>();
    private final DecodedPacket decoded = new DecodedPacket();
    private PacketDecoder decoder;
    private int linkType;

    /** Cuts {@code scopes} into files under {@code dir} (made if missing) from the captures {@link #read} is given. */
    public EvidenceCut(Path dir, List<EvidenceScope> scopes) {
        this(dir, scopes, Naming.TEXT);
    }

    /** As above, matching hosts by {@code naming}. */
    public EvidenceCut(Path dir, List<EvidenceScope> scopes, Naming naming) {
        this.dir = dir;
        this.naming = naming;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the evidence directory " + dir, e);
        }
        for (EvidenceScope s : scopes) {
            if (s.empty()) continue;
            for (String h : s.hosts()) byHost.computeIfAbsent(h, k -> new ArrayList<>()).add(s);
        }
    }

    /** Reads {@code captures} in order and writes each scope's packets under {@code dir}. */
    public static List<Cut> cut(List<Path> captures, List<EvidenceScope> scopes, Path dir) throws CaptureInputException {
        EvidenceCut c = new EvidenceCut(dir, scopes);
        try {
            for (Path f : captures) c.read(f);
        } finally {
            c.closeAll();
        }
        return c.cuts();
    }

    /** Takes what the scopes want from one capture; damage ends that file, said in the result. */
    public ReadResult read(Path capture) throws CaptureInputException {
        return JavaCaptureReader.read(capture, this, n -> { });
    }

    /** Closes the files written and says what each holds. */
    public List<Cut> finish() {
        closeAll();
        return cuts();
    }

    private List<Cut> cuts() {
        return writers.values().stream().map(w -> new Cut(w.alertId, w.file, w.packets, w.bytes, w.otherLinkType)).toList();
    }

    @Override
    public void begin(String source, int linkType) {
        this.linkType = linkType;
        this.decoder = PacketDecoder.supports(linkType) ? new PacketDecoder(linkType) : null;
    }

    @Override
    public void packet(long tsNanos, byte[] buf, int offset, int caplen, int origLen) {
        if (decoder == null || decoder.decode(buf, offset, caplen, decoded) != DecodeResult.OK) return;
        String src = naming.name(decoded.ipVersion, decoded.srcHi, decoded.srcLo);
        String dst = naming.name(decoded.ipVersion, decoded.dstHi, decoded.dstLo);
        List<EvidenceScope> a = byHost.get(src), b = byHost.get(dst);
        if (a != null) take(a, tsNanos, src, dst, buf, offset, caplen, origLen);
        // a scope of both hosts is in both lists: take it once
        if (b != null) for (EvidenceScope s : b) if (a == null || !a.contains(s)) take(List.of(s), tsNanos, src, dst, buf, offset, caplen, origLen);
    }

    private void take(List<EvidenceScope> scopes, long ts, String src, String dst, byte[] buf, int off, int caplen, int origLen) {
        for (EvidenceScope s : scopes) {
            if (!s.takes(ts, src, dst)) continue;
            Writer w = writers.computeIfAbsent(s.alertId(), id -> new Writer(id, dir.resolve(fileName(id)), linkType));
            w.write(ts, buf, off, caplen, origLen, linkType);
        }
    }

    /** The alert id as a file name: ids are UUIDs, but nothing from a record is trusted as a path. */
    static String fileName(String alertId) {
        return alertId.replaceAll("[^A-Za-z0-9._-]", "_") + ".pcap";
    }

    private void closeAll() {
        for (Writer w : writers.values()) w.close();
    }


    /** One alert's pcap, opened at its first packet. */
    private static final class Writer {
        final String alertId;
        final Path file;
        final int linkType;
        final PcapWriter out;
        long packets, bytes, otherLinkType;

        Writer(String alertId, Path file, int linkType) {
            this.alertId = alertId;
            this.file = file;
            this.linkType = linkType;
            try {
                out = new PcapWriter(file, linkType, true, 262144);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        void write(long ts, byte[] buf, int off, int caplen, int origLen, int frameLinkType) {
            if (frameLinkType != linkType) {
                otherLinkType++;
                return;
            }
            try {
                out.write(ts, buf, off, caplen, origLen);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            packets++;
            bytes += caplen;
        }

        void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }
}
