package io.vigil.detector.message;

import io.vigil.detector.codec.Codec;
import io.vigil.model.FlowRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a {@link PeerEvent} on the peer stage's repartition topic. Most of these
 * are contacts, one per host and network a minute; as JSON, parsing their field names was a
 * twentieth of the detector's time.
 */
public final class PeerEventCodec implements Codec<PeerEvent> {

    public static final PeerEventCodec INSTANCE = new PeerEventCodec();

    private static final int CONTACTS = 1, BEACON = 2, UPLOAD = 3, DNS_SERVER = 4, MARKER = 5;

    private PeerEventCodec() {}

    @Override
    public int version() {
        return 2;
    }

    @Override
    public void write(PeerEvent e, Codec.Out o) {
        int kind = e.isMarker() ? MARKER : e.contacts() != null ? CONTACTS : e.beacon() != null ? BEACON
                : e.upload() != null ? UPLOAD : DNS_SERVER;
        o.putInt(kind);
        o.putString(e.site());
        o.putNullable(e.host());
        o.putNullable(e.peer());
        o.putLong(e.time());
        o.putBoolean(e.dns());
        switch (kind) {
            case CONTACTS -> o.putAll(e.contacts(), Codec.Out::putString);
            case BEACON -> {
                PeerEvent.Beacon b = e.beacon();
                o.putString(b.service());
                o.putNullable(b.app());
                o.putLong(b.firstSeen());
                o.putDouble(b.periodMs());
                o.putDouble(b.madMs());
                o.putDouble(b.bowley());
                o.putInt(b.intervals());
                o.putLong(b.connections());
                o.putDouble(b.medianBytes());
                o.putDouble(b.bytesMad());
                o.putDouble(b.score());
                o.putInt(b.recentSeconds().size());
                for (double d : b.recentSeconds()) o.putDouble(d);
                o.putLong(b.inFlow());
            }
            case UPLOAD -> {
                PeerEvent.Upload u = e.upload();
                o.putString(u.reason());
                o.putInt(u.horizonMinutes());
                o.putLong(u.firstSeen());
                o.putLong(u.hostBytes());
                o.putLong(u.hostDownload());
                o.putLong(u.limit());
                o.putLong(u.peerBytes());
                o.putLong(u.peerDownload());
                o.putDouble(u.baselineMean());
                o.putDouble(u.baselineSpread());
                o.putLong(u.baselineSamples());
                o.putLong(u.historyMinutes());
                o.putBoolean(u.seasonal());
                o.putBoolean(u.warm());
                o.putInt(u.topPeers().size());
                u.topPeers().forEach((peer, bytes) -> {
                    o.putString(peer);
                    o.putLong(bytes);
                });
            }
            case DNS_SERVER -> {
                PeerEvent.DnsServer d = e.dnsServer();
                o.putLong(d.firstSeen());
                o.putInt(d.uniqueNames());
                o.putLong(d.queries());
                o.putDouble(d.meanLength());
                o.putDouble(d.encodedShare());
                o.putDouble(d.unusualTypeShare());
                o.putLong(d.nameBytes());
                o.putAll(d.samples(), Codec.Out::putString);
            }
            default -> {
                FlowRecord.EndOfInput m = e.endOfInput();
                o.putString(m.run());
                o.putInt(m.partition());
                o.putInt(m.partitions());
            }
        }
    }

    @Override
    public PeerEvent read(Codec.In in, int version) {
        int kind = in.getInt();
        String site = in.getString();
        String host = in.getNullable();
        String peer = in.getNullable();
        long time = in.getLong();
        boolean dns = in.getBoolean();
        switch (kind) {
            case CONTACTS:
                return new PeerEvent(site, host, peer, time, in.getAll(new ArrayList<>(), Codec.In::getString), dns, null, null, null, null);
            case BEACON: {
                String service = in.getString();
                String app = in.getNullable();
                long first = in.getLong();
                double period = in.getDouble(), mad = in.getDouble(), bowley = in.getDouble();
                int intervals = in.getInt();
                long connections = in.getLong();
                double median = in.getDouble(), bytesMad = in.getDouble(), score = in.getDouble();
                List<Double> recent = new ArrayList<>();
                for (int i = in.getInt(); i > 0; i--) recent.add(in.getDouble());
                long inFlow = version >= 2 ? in.getLong() : 0;
                return PeerEvent.beacon(site, host, peer, time, new PeerEvent.Beacon(service, app, first, period, mad,
                        bowley, intervals, connections, median, bytesMad, score, recent, inFlow));
            }
            case UPLOAD: {
                String reason = in.getString();
                int horizon = in.getInt();
                long first = in.getLong(), hostBytes = in.getLong(), hostDown = in.getLong(), limit = in.getLong();
                long peerBytes = in.getLong(), peerDown = in.getLong();
                double mean = in.getDouble(), spread = in.getDouble();
                long samples = in.getLong(), history = in.getLong();
                boolean seasonal = in.getBoolean(), warm = in.getBoolean();
                Map<String, Long> top = new LinkedHashMap<>();
                for (int i = in.getInt(); i > 0; i--) top.put(in.getString(), in.getLong());
                return PeerEvent.upload(site, host, peer, time, new PeerEvent.Upload(reason, horizon, first, hostBytes,
                        hostDown, limit, peerBytes, peerDown, mean, spread, samples, history, seasonal, warm, top));
            }
            case DNS_SERVER: {
                long first = in.getLong();
                int unique = in.getInt();
                long queries = in.getLong();
                double len = in.getDouble(), enc = in.getDouble(), types = in.getDouble();
                long nameBytes = in.getLong();
                return PeerEvent.dnsServer(site, host, peer, time, new PeerEvent.DnsServer(first, unique, queries, len,
                        enc, types, nameBytes, in.getAll(new ArrayList<>(), Codec.In::getString)));
            }
            case MARKER:
                return PeerEvent.marker(site, time, new FlowRecord.EndOfInput(in.getString(), in.getInt(), in.getInt()));
            default:
                throw new IllegalStateException("peer event of unknown kind " + kind);
        }
    }




}
