package io.vigil.collector.netflow;

import io.vigil.collector.flow.Addresses;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) export packets into flows.
 * Templates are kept per exporter, observation domain (v9: source id) and template id; data
 * that arrives before its template is counted as a template miss, not guessed at. Options
 * data carrying a sampling rate (v9 field 34, IPFIX 34 or 305/306) applies to that exporter's
 * later counts; IPFIX {@code systemInitTimeMilliseconds} (160) anchors uptime-relative times.
 * A malformed packet is an {@link IllegalArgumentException} saying what and where; what came
 * before the damage in that packet is kept. One decoder serves one receiving thread.
 */
public final class ExportDecoder {

    /** IPFIX's enterprise number for reverse (biflow) elements, RFC 5103. */
    static final long REVERSE_PEN = 29305;

    private final Map<String, Template> templates = new ConcurrentHashMap<>();
    private final Map<String, Integer> sampling = new ConcurrentHashMap<>();
    private final Map<String, Long> systemInit = new ConcurrentHashMap<>();
    /** Per stream: the last sequence number and what that message carried. */
    private final Map<String, long[]> lastSequence = new ConcurrentHashMap<>();
    private final ExporterStats stats;

    public ExportDecoder(ExporterStats stats) {
        this.stats = stats;
    }

    /** The flows in one export packet from {@code exporter}. */
    public List<ExportedFlow> decode(String exporter, byte[] packet, int length) {
        ByteBuffer b = ByteBuffer.wrap(packet, 0, length);
        if (length < 4) throw new IllegalArgumentException(length + " bytes is too short for an export header");
        int version = b.getShort(0) & 0xffff;
        List<ExportedFlow> out = new ArrayList<>();
        switch (version) {
            case 5 -> v5(exporter, b, out);
            case 9 -> v9(exporter, b, out);
            case 10 -> ipfix(exporter, b, out);
            default -> throw new IllegalArgumentException("version " + version + " is not NetFlow v5, v9 or IPFIX");
        }
        stats.flows(exporter, out.size());
        return out;
    }

    // ---- NetFlow v5: a fixed header and fixed records ------------------------------------------

    private void v5(String exporter, ByteBuffer b, List<ExportedFlow> out) {
        need(b, 0, 24, "v5 header");
        int count = b.getShort(2) & 0xffff;
        long uptime = b.getInt(4) & 0xffffffffL;
        long nowMs = (b.getInt(8) & 0xffffffffL) * 1000 + (b.getInt(12) & 0xffffffffL) / 1_000_000;
        long seq = b.getInt(16) & 0xffffffffL;
        int rate = b.getShort(22) & 0x3fff;
        sequence(exporter + "/v5", seq, count, count, exporter);
        int sample = Math.max(1, rate);
        for (int i = 0; i < count; i++) {
            int at = 24 + i * 48;
            need(b, at, 48, "v5 record " + (i + 1) + " of " + count);
            String src = ipv4(b.getInt(at)), dst = ipv4(b.getInt(at + 4));
            long packets = (b.getInt(at + 16) & 0xffffffffL) * sample, bytes = (b.getInt(at + 20) & 0xffffffffL) * sample;
            long first = Clock.at(nowMs, uptime, b.getInt(at + 24) & 0xffffffffL);
            long last = Clock.at(nowMs, uptime, b.getInt(at + 28) & 0xffffffffL);
            out.add(new ExportedFlow(exporter, src, dst, b.getShort(at + 32) & 0xffff, b.getShort(at + 34) & 0xffff,
                    b.get(at + 38) & 0xff, packets, bytes, b.get(at + 37) & 0xff, first, last, sample, 0, 0, 0));
        }
    }

    // ---- NetFlow v9 and IPFIX: templates, then data ----------------------------------------------

    private void v9(String exporter, ByteBuffer b, List<ExportedFlow> out) {
        need(b, 0, 20, "v9 header");
        long uptime = b.getInt(4) & 0xffffffffL;
        long nowMs = (b.getInt(8) & 0xffffffffL) * 1000;
        long seq = b.getInt(12) & 0xffffffffL;
        long domain = b.getInt(16) & 0xffffffffL;
        String scope = exporter + "/" + domain;
        sequence(scope + "/v9", seq, 1, 1, exporter);
        sets(b, 20, b.limit(), scope, exporter, false, new Clock(nowMs - uptime, nowMs), out);
    }

    private void ipfix(String exporter, ByteBuffer b, List<ExportedFlow> out) {
        need(b, 0, 16, "IPFIX header");
        int length = b.getShort(2) & 0xffff;
        if (length > b.limit() || length < 16) {
            throw new IllegalArgumentException("IPFIX message length " + length + " but " + b.limit() + " bytes arrived");
        }
        long exportMs = (b.getInt(4) & 0xffffffffL) * 1000;
        long seq = b.getInt(8) & 0xffffffffL;
        long domain = b.getInt(12) & 0xffffffffL;
        String scope = exporter + "/" + domain;
        int before = out.size();
        // uptime-relative times count from the exporter's systemInitTimeMilliseconds, told in options data
        int records = sets(b, 16, length, scope, exporter, true, new Clock(Clock.FROM_OPTIONS, exportMs), out);
        // IPFIX counts data records (options data too): the next message's is this one's plus these
        sequence(scope + "/ipfix", seq, records, out.size() - before, exporter);
    }

    /** Where uptime-relative times start (-1 unknown; {@link #FROM_OPTIONS}: IPFIX's options data), and the export time. */
    private record Clock(long bootMs, long exportMs) {
        static final long FROM_OPTIONS = Long.MIN_VALUE;

        /**
         * The time of an uptime {@code rel} (32-bit milliseconds) given the uptime {@code up} at
         * the export: a flow is always near its export, so their difference, taken as a signed
         * 32-bit number, is right across a wrap (after 49.7 days up) and for a device up more than
         * 24.8 days, and for an exporter replaying old packets whose flows are "before" its boot.
         */
        static long at(long exportMs, long up, long rel) {
            return exportMs - (int) ((up - rel) & 0xffffffffL);
        }
    }

    /** Reads every set; returns how many data records (options data included) there were. */
    private int sets(ByteBuffer b, int at, int end, String scope, String exporter, boolean ipfix, Clock clock,
                     List<ExportedFlow> out) {
        int records = 0;
        while (at + 4 <= end) {
            int id = b.getShort(at) & 0xffff;
            int len = b.getShort(at + 2) & 0xffff;
            if (len < 4 || at + len > end) {
                throw new IllegalArgumentException("set " + id + " at byte " + at + " claims " + len + " bytes; "
                        + (end - at) + " remain");
            }
            int body = at + 4, stop = at + len;
            if (id == (ipfix ? 2 : 0)) {
                templates(b, body, stop, scope, ipfix, false);
            } else if (id == (ipfix ? 3 : 1)) {
                templates(b, body, stop, scope, ipfix, true);
            } else if (id >= 256) {
                Template t = templates.get(scope + "/" + id);
                if (t == null) {
                    stats.templateMiss(exporter);
                } else {
                    records += data(b, body, stop, t, scope, exporter, clock, out);
                }
            }
            at = stop;
        }
        return records;
    }

    private void templates(ByteBuffer b, int at, int stop, String scope, boolean ipfix, boolean options) {
        while (at + 4 <= stop) {
            int id = b.getShort(at) & 0xffff;
            int count = b.getShort(at + 2) & 0xffff;
            if (id < 256) return; // padding
            at += 4;
            int scopeFields = 0;
            if (options && ipfix) {
                if (count == 0) {
                    templates.remove(scope + "/" + id);
                    continue;
                }
                need(b, at, 2, "options template " + id);
                scopeFields = b.getShort(at) & 0xffff;
                at += 2;
            } else if (options) {
                // v9: scope length and option length in bytes, 4 bytes a field
                need(b, at, 2, "options template " + id);
                int scopeLen = count, optionLen = b.getShort(at) & 0xffff;
                at += 2;
                count = (scopeLen + optionLen) / 4;
                scopeFields = scopeLen / 4;
            }
            if (count == 0) {
                templates.remove(scope + "/" + id); // a withdrawal
                continue;
            }
            List<Template.Field> fields = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                need(b, at, 4, "template " + id + " field " + (i + 1));
                int ie = b.getShort(at) & 0xffff;
                int len = b.getShort(at + 2) & 0xffff;
                at += 4;
                long pen = 0;
                if (ipfix && (ie & 0x8000) != 0) {
                    need(b, at, 4, "template " + id + " enterprise number");
                    pen = b.getInt(at) & 0xffffffffL;
                    ie &= 0x7fff;
                    at += 4;
                }
                fields.add(new Template.Field(ie, len, pen, i < scopeFields));
            }
            templates.put(scope + "/" + id, new Template(id, List.copyOf(fields), options));
        }
    }

    private int data(ByteBuffer b, int at, int stop, Template t, String scope, String exporter, Clock clock,
                     List<ExportedFlow> out) {
        int min = t.minLength();
        int records = 0;
        // what is left shorter than a record is padding
        while (stop - at >= Math.max(1, min)) {
            Template.Values v = new Template.Values();
            at = t.read(b, at, stop, v);
            if (at < 0) throw new IllegalArgumentException("a record of template " + t.id() + " runs past its set");
            records++;
            if (t.options()) {
                options(scope, v);
                continue;
            }
            if (v.src == null || v.dst == null) continue; // not an IP flow (MPLS, layer 2)
            int rate = v.rate() > 0 ? v.rate() : sampling.getOrDefault(scope, 1);
            long boot = v.systemInit > 0 ? v.systemInit
                    : clock.bootMs() == Clock.FROM_OPTIONS ? systemInit.getOrDefault(scope, -1L) : clock.bootMs();
            // uptimes are 32-bit milliseconds: read as signed offsets, they survive the wrap
            long up = clock.exportMs() - boot;
            long first = v.firstAbsMs >= 0 ? v.firstAbsMs
                    : v.firstUptime >= 0 && boot >= 0 ? Clock.at(clock.exportMs(), up, v.firstUptime) : clock.exportMs();
            long last = v.lastAbsMs >= 0 ? v.lastAbsMs
                    : v.lastUptime >= 0 && boot >= 0 ? Clock.at(clock.exportMs(), up, v.lastUptime) : clock.exportMs();
            out.add(new ExportedFlow(exporter, v.src, v.dst, v.srcPort, v.dstPort, v.proto, v.packets * rate,
                    v.bytes * rate, v.tcpFlags, first, Math.max(first, last), rate, v.reversePackets * rate,
                    v.reverseBytes * rate, v.reverseTcpFlags));
        }
        return records;
    }

    private void options(String scope, Template.Values v) {
        if (v.rate() > 0) sampling.put(scope, v.rate());
        if (v.systemInit > 0) systemInit.put(scope, v.systemInit);
    }

    /**
     * A sequence number that is not the one expected is a gap (export packets or records lost
     * on the way) or out of order. Expected is the last one plus what the last message carried
     * (RFC 3954, 7011); some exporters (softflowd's IPFIX) count the flows of the message itself
     * instead, which is as good a proof that nothing was lost.
     */
    private void sequence(String key, long seq, int carried, int flowsNow, String exporter) {
        long[] last = lastSequence.put(key, new long[] {seq, carried});
        if (last == null) return;
        long expected = (last[0] + last[1]) & 0xffffffffL;
        if (seq == expected || seq == ((last[0] + flowsNow) & 0xffffffffL)) return;
        long ahead = (seq - expected) & 0xffffffffL;
        if (ahead < 0x80000000L) stats.gap(exporter, ahead);
        else stats.outOfOrder(exporter);
    }

    private static void need(ByteBuffer b, int at, int n, String what) {
        if (at + n > b.limit()) {
            throw new IllegalArgumentException(what + " at byte " + at + " needs " + n + " bytes; " + (b.limit() - at) + " remain");
        }
    }

    static String ipv4(int a) {
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    /** RFC 5952 text, as the capture path writes it (Java's own form, 2001:db8:0:0:0:0:0:1, would make two hosts of one). */
    static String ipv6(byte[] a) {
        return Addresses.format(a);
    }
}
