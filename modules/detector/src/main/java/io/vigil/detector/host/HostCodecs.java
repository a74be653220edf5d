package io.vigil.detector.host;

import io.vigil.detector.baseline.BaselineCodec;
import io.vigil.detector.codec.Codec;

/**
 * Binary codecs of the host stage's state. A state written by an older version is read where
 * its layout allows (baselines, which take days to learn, always are); otherwise it starts
 * afresh, which costs at most a minute's counters or a window.
 */
public final class HostCodecs {

    private HostCodecs() {}

    public static final Codec<HostState> STATE = Codec.of(2, (HostState s, Codec.Out o) -> {
        o.putLong(s.minute);
        o.putLong(s.upload);
        o.putLong(s.download);
        o.putLong(s.flowsOut);
        o.putLong(s.flowsIn);
        o.putMap(s.uploadPeers, Codec.Out::putString, Codec.Out::putLong);
        o.putLong(s.prevUpload9);
        o.putLong(s.prevUpload59);
        o.putLong(s.prevDownload9);
        o.putLong(s.prevDownload59);
        for (int h = 0; h < 3; h++) {
            o.putLong(s.uploadLimits[h]);
            o.putLong(s.sentBytes[h]);
            o.putLong(s.sentMinute[h]);
            o.putLong(s.activeSince[h]);
        }
        o.putLong(s.flowsLimit);
        o.putDouble(s.uploadMean);
        o.putDouble(s.uploadSpread);
        o.putDouble(s.flowsMean);
        o.putDouble(s.flowsSpread);
        o.putLong(s.baselineSamples);
        o.putLong(s.historyMinutes);
        o.putBoolean(s.seasonal);
        o.putLong(s.synWindow);
        o.putLong(s.synTotal);
        o.putLong(s.synIncomplete);
        o.putLong(s.synFirst);
        o.putMap(s.synPorts, Codec.Out::putInt, Codec.Out::putLong);
        o.putAll(s.newPeers, Codec.Out::putString);
        o.putAll(s.newDnsServers, Codec.Out::putString);
        o.putMap(s.dnsServers, Codec.Out::putString, Codec.Out::putInt);
    }, (in, version) -> {
        HostState s = new HostState();
        if (version < 2) return s; // a minute's counters: relearnt at once
        s.minute = in.getLong();
        s.upload = in.getLong();
        s.download = in.getLong();
        s.flowsOut = in.getLong();
        s.flowsIn = in.getLong();
        in.getMap(s.uploadPeers, Codec.In::getString, Codec.In::getLong);
        s.prevUpload9 = in.getLong();
        s.prevUpload59 = in.getLong();
        s.prevDownload9 = in.getLong();
        s.prevDownload59 = in.getLong();
        for (int h = 0; h < 3; h++) {
            s.uploadLimits[h] = in.getLong();
            s.sentBytes[h] = in.getLong();
            s.sentMinute[h] = in.getLong();
            s.activeSince[h] = in.getLong();
        }
        s.flowsLimit = in.getLong();
        s.uploadMean = in.getDouble();
        s.uploadSpread = in.getDouble();
        s.flowsMean = in.getDouble();
        s.flowsSpread = in.getDouble();
        s.baselineSamples = in.getLong();
        s.historyMinutes = in.getLong();
        s.seasonal = in.getBoolean();
        s.synWindow = in.getLong();
        s.synTotal = in.getLong();
        s.synIncomplete = in.getLong();
        s.synFirst = in.getLong();
        in.getMap(s.synPorts, Codec.In::getInt, Codec.In::getLong);
        in.getAll(s.newPeers, Codec.In::getString);
        in.getAll(s.newDnsServers, Codec.In::getString);
        in.getMap(s.dnsServers, Codec.In::getString, Codec.In::getInt);
        return s;
    });

    public static final Codec<HostBaselines> BASELINES = Codec.of(2, (HostBaselines b, Codec.Out o) -> {
        BaselineCodec.write(b.upload, o);
        BaselineCodec.write(b.flows, o);
        o.putLong(b.ringLast);
        for (int i = 0; i < HostBaselines.RING; i++) {
            o.putLong(b.ringUpload[i]);
            o.putLong(b.ringDownload[i]);
        }
    }, (in, version) -> {
        HostBaselines b = new HostBaselines();
        b.upload = BaselineCodec.readBaseline(in);
        b.flows = BaselineCodec.readBaseline(in);
        if (version < 2) return b; // the last hour fills again
        b.ringLast = in.getLong();
        for (int i = 0; i < HostBaselines.RING; i++) {
            b.ringUpload[i] = in.getLong();
            b.ringDownload[i] = in.getLong();
        }
        return b;
    });

    public static final Codec<ContactState> CONTACT = Codec.of(1, (ContactState c, Codec.Out o) -> {
        o.putLong(c.firstStart);
        o.putLong(c.lastStart);
        o.putLong(c.connections);
        o.putLong(c.currentBytes);
        o.putAll(c.intervals, Codec.Out::putLong);
        o.putAll(c.sizes, Codec.Out::putLong);
        o.putInt(c.reportedDay);
        o.putLong(c.sentConnections);
        o.putLong(c.sentAt);
    }, (in, version) -> {
        ContactState c = new ContactState();
        c.firstStart = in.getLong();
        c.lastStart = in.getLong();
        c.connections = in.getLong();
        c.currentBytes = in.getLong();
        in.getAll(c.intervals, Codec.In::getLong);
        in.getAll(c.sizes, Codec.In::getLong);
        c.reportedDay = in.getInt();
        c.sentConnections = in.getLong();
        c.sentAt = in.getLong();
        return c;
    });

    public static final Codec<UploadState> UPLOADS = Codec.of(1, (UploadState u, Codec.Out o) -> {
        o.putInt(u.peers.size());
        u.peers.forEach((peer, p) -> {
            o.putString(peer);
            o.putLong(p.first);
            o.putLong(p.sentBytes);
            o.putLong(p.sentMinute);
            o.putInt(p.minutes.size());
            for (long[] m : p.minutes) {
                o.putLong(m[0]);
                o.putLong(m[1]);
                o.putLong(m[2]);
            }
        });
    }, (in, version) -> {
        UploadState u = new UploadState();
        for (int i = in.getInt(); i > 0; i--) {
            String peer = in.getString();
            UploadState.Peer p = new UploadState.Peer();
            p.first = in.getLong();
            p.sentBytes = in.getLong();
            p.sentMinute = in.getLong();
            for (int j = in.getInt(); j > 0; j--) p.minutes.add(new long[] {in.getLong(), in.getLong(), in.getLong()});
            u.peers.put(peer, p);
        }
        return u;
    });

    public static final Codec<DnsState> DNS = Codec.of(1, (DnsState s, Codec.Out o) -> {
        o.putLong(s.window);
        o.putMap(s.domains, Codec.Out::putString, HostCodecs::group);
        o.putMap(s.servers, Codec.Out::putString, HostCodecs::group);
    }, (in, version) -> {
        DnsState s = new DnsState();
        s.window = in.getLong();
        in.getMap(s.domains, Codec.In::getString, HostCodecs::group);
        in.getMap(s.servers, Codec.In::getString, HostCodecs::group);
        return s;
    });

    /** One name group of a host's DNS state (a domain or a server it asked). */
    private static void group(Codec.Out o, DnsState.NameStats g) {
        o.putAll(g.names, Codec.Out::putInt);
        o.putLong(g.extra);
        o.putLong(g.queries);
        o.putLong(g.tunnelTypeQueries);
        o.putDouble(g.sumLength);
        o.putLong(g.encoded);
        o.putLong(g.nameBytes);
        o.putLong(g.first);
        o.putAll(g.samples, Codec.Out::putString);
        o.putLong(g.sent);
        o.putLong(g.episodeQueries);
        o.putLong(g.episodeNameBytes);
        o.putBoolean(g.episodeNames != null);
        if (g.episodeNames != null) o.putBytes(g.episodeNames);
    }

    private static DnsState.NameStats group(Codec.In in) {
        DnsState.NameStats g = new DnsState.NameStats();
        in.getAll(g.names, Codec.In::getInt);
        g.extra = in.getLong();
        g.queries = in.getLong();
        g.tunnelTypeQueries = in.getLong();
        g.sumLength = in.getDouble();
        g.encoded = in.getLong();
        g.nameBytes = in.getLong();
        g.first = in.getLong();
        in.getAll(g.samples, Codec.In::getString);
        g.sent = in.getLong();
        g.episodeQueries = in.getLong();
        g.episodeNameBytes = in.getLong();
        if (in.getBoolean()) g.episodeNames = in.getBytes();
        return g;
    }

    public static final Codec<FloodState> FLOODS = Codec.of(1, (FloodState f, Codec.Out o) -> {
        o.putLong(f.first);
        o.putLong(f.lastSeen);
        o.putLong(f.incomplete);
        o.putBytes(f.sources == null ? new byte[0] : f.sources);
        o.putAll(f.sampleSources, Codec.Out::putString);
        o.putMap(f.ports, Codec.Out::putInt, Codec.Out::putLong);
        o.putLong(f.second);
        o.putLong(f.secondCount);
        o.putLong(f.peakPerSecond);
        o.putLong(f.observed);
        o.putLong(f.toldAt);
    }, (in, version) -> {
        FloodState f = new FloodState();
        f.first = in.getLong();
        f.lastSeen = in.getLong();
        f.incomplete = in.getLong();
        byte[] sources = in.getBytes();
        f.sources = sources.length == 0 ? null : sources;
        in.getAll(f.sampleSources, Codec.In::getString);
        in.getMap(f.ports, Codec.In::getInt, Codec.In::getLong);
        f.second = in.getLong();
        f.secondCount = in.getLong();
        f.peakPerSecond = in.getLong();
        f.observed = in.getLong();
        f.toldAt = in.getLong();
        return f;
    });




}
