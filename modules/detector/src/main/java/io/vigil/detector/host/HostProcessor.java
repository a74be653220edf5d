package io.vigil.detector.host;

import io.vigil.detector.baseline.HostBaseline;
import io.vigil.detector.baseline.Learning;
import io.vigil.detector.codec.Codec;
import io.vigil.detector.message.Emitted;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.message.SitePartial;
import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.FlowProcessor;
import io.vigil.detector.stage.Store;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.SiteTraffic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The host stage, on the flows topic as the collector keys it ({@code site/host}). Per flow it
 * touches the host's small hot state and hands the flow to the detectors it concerns:
 * {@link VolumeDetector}, {@link SynFloodDetector}, {@link DnsTunnelDetector},
 * {@link InsecureProtocolDetector}, {@link IcmpTunnelDetector}, and the trackers whose candidates the peer stage judges
 * ({@link UploadCandidates} for exfiltration, {@link BeaconCandidates} for beaconing and the site's
 * prevalence). Once a minute (event time) it folds the minute into the host's baselines and
 * sets the next minute's limits, so a crossing is raised by the flow that crosses.
 */
public final class HostProcessor extends FlowProcessor {

    public static final String STAGE = "host";
    static final Store<HostState> STATE = Store.of("host-state", HostState.CODEC);
    /** Read and written once a minute per host (about 1 KB: the last hour): not worth holding in memory. */
    static final Store<HostBaselines> BASELINES = Store.of("host-baselines", HostBaselines.CODEC).direct();
    /** This task's share of each site's minute: a few longs. */
    static final Store<long[]> SITE_PARTIALS = Store.of("host-site-partials", Codec.of(1, (long[] v, Codec.Out out) -> {
        out.putInt(v.length);
        for (long x : v) out.putLong(x);
    }, (in, version) -> {
        long[] v = new long[in.getCount(8)];
        for (int i = 0; i < v.length; i++) v[i] = in.getLong();
        return v;
    }));
    private static final long MINUTE = 60_000;
    /**
     * A host silent this long is forgotten — its state, baselines, uploads, DNS and SYN records —
     * so addresses handed to other machines and machines retired do not grow the state for ever
     * (bench week: a twentieth of an estate's addresses change each day). Longer than a month's
     * leave, so a laptop back from holiday keeps its baselines; docs/dpia.md.
     */
    static final long FORGET_AFTER = Duration.ofDays(30).toMillis();

    private KeyValueStore<String, HostState> hot;
    private KeyValueStore<String, HostBaselines> baselines;
    private HostSeasons seasons;
    private KeyValueStore<String, long[]> sitePartials;
    /**
     * Hosts with contacts not yet sent: a host that goes quiet has no next minute to send them
     * with. Kept in memory only; after a restart they go with the host's next minute.
     */
    private final Set<String> pendingContacts = new HashSet<>();
    private VolumeDetector volume;
    private SynFloodDetector synFlood;
    private DnsTunnelDetector dnsTunnel;
    private InsecureProtocolDetector insecure;
    private IcmpTunnelDetector icmpTunnel;
    private UploadCandidates uploads;
    private BeaconCandidates beacons;

    /** Every store the stage and its detectors keep. */
    public static List<Store<?>> stores() {
        return stores(STAGE, true, STATE, BASELINES, HostSeasons.STORE, SITE_PARTIALS, BeaconCandidates.STORE, UploadCandidates.STORE,
                DnsTunnelDetector.STORE, SynFloodDetector.STORE);
    }

    public HostProcessor(Function<String, Thresholds> thresholds, Allowlist allowlist) {
        super(thresholds, allowlist, STAGE, true, false);
    }

    @Override
    protected void open(ProcessorContext<String, Emitted> context) {
        this.hot = STATE.open(context);
        this.baselines = BASELINES.open(context);
        this.seasons = new HostSeasons(HostSeasons.STORE.open(context));
        this.sitePartials = SITE_PARTIALS.open(context);
        Consumer<PeerEvent> peers = e -> context.forward(new Record<>(e.key(), Emitted.of(e), e.time()));
        this.volume = new VolumeDetector(episodes);
        this.synFlood = new SynFloodDetector(SynFloodDetector.STORE.open(context), episodes);
        this.dnsTunnel = new DnsTunnelDetector(DnsTunnelDetector.STORE.open(context), episodes, peers);
        this.insecure = new InsecureProtocolDetector(episodes);
        this.icmpTunnel = new IcmpTunnelDetector(episodes);
        this.uploads = new UploadCandidates(UploadCandidates.STORE.open(context), peers);
        this.beacons = new BeaconCandidates(BeaconCandidates.STORE.open(context), peers);
        context.schedule(Duration.ofSeconds(30), PunctuationType.STREAM_TIME, episodes::sweep);
        context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME, t -> beacons.forgetIdle(t, thresholds));
        context.schedule(Duration.ofMinutes(1), PunctuationType.STREAM_TIME, this::flushQuietHosts);
        List<KeyValueStore<String, ?>> perHost = List.of(hot, baselines, UploadCandidates.STORE.open(context),
                DnsTunnelDetector.STORE.open(context), SynFloodDetector.STORE.open(context));
        context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME, t -> forgetSilentHosts(t, perHost));
    }

    /** Deletes every record of the hosts silent for {@link #FORGET_AFTER}. */
    private void forgetSilentHosts(long streamTime, List<KeyValueStore<String, ?>> perHost) {
        List<String> silent = new ArrayList<>();
        try (KeyValueIterator<String, HostState> it = hot.all()) {
            while (it.hasNext()) {
                KeyValue<String, HostState> kv = it.next();
                if (kv.value.minute > 0 && kv.value.minute < streamTime - FORGET_AFTER) silent.add(kv.key);
            }
        }
        for (String key : silent) {
            for (KeyValueStore<String, ?> store : perHost) store.delete(key);
            seasons.forget(key);
            pendingContacts.remove(key);
        }
    }

    @Override
    protected void flow(String key, FlowRecord f) {
        String host = key.substring(key.indexOf('/') + 1);
        Thresholds t = thresholds.apply(f.site());
        HostState s = hot.get(key);
        if (s == null) s = new HostState();
        long minute = Math.floorDiv(f.end(), MINUTE) * MINUTE;
        if (s.minute == 0) {
            s.minute = minute;
            HostBaselines b = baselines.get(key);
            if (b != null && seasons.migrate(key, b)) baselines.put(key, b);
            limits(s, b, () -> seasons.at(key, minute), t, minute);
        } else if (minute > s.minute) {
            closeMinute(key, s, t, f.site(), host, minute);
        }
        boolean fromHost = host.equals(f.srcIp());
        boolean out = f.direction() == Direction.OUTBOUND, in = f.direction() == Direction.INBOUND;
        if (f.seq() == 0) {
            if (fromHost) s.flowsOut++;
            else s.flowsIn++;
        }
        if (fromHost && out) uploads.flow(key, s, f, t, host);
        if (fromHost) volume.check(s, f, host);
        if (!fromHost && f.isTcp() && (f.tcpFlagsOut() & FlowRecord.SYN) != 0) synFlood.attempt(key, s, f, t, host);
        if (fromHost && f.dns() != null) dnsTunnel.flow(key, s, f, t, host);
        if ("established".equals(f.tcpState()) || (!f.isTcp() && f.packetsIn() > 0)) insecure.flow(f, t, host);
        if (f.icmp() != null) icmpTunnel.flow(f, t, host);
        if (fromHost && out && f.seq() == 0 && !f.proto().startsWith("icmp")) beacons.contact(key, s, f, t, host);
        if (fromHost && out && f.bursts() != null) beacons.bursts(key, f, t, host);
        hot.put(key, s);
        if (!s.newPeers.isEmpty() || !s.newDnsServers.isEmpty()) pendingContacts.add(key);
        // The edge's bandwidth: bytes each way of flows crossing it, whoever opened them.
        long sent = out ? f.bytesOut() : in ? f.bytesIn() : 0;
        long received = out ? f.bytesIn() : in ? f.bytesOut() : 0;
        int protection = (out || in) && f.seq() == 0 ? SiteTraffic.Tls.slot(f.tlsVersion(), f.appProto()) : -1;
        sitePartial(f, minute, fromHost && out ? f.bytesOut() : 0, fromHost && f.seq() == 0 ? 1 : 0, sent, received,
                protection);
    }

    /**
     * Adds to this task's share of the site's minute; when the minute turns, the share goes
     * to the site stage. (A site's hosts are spread over partitions, so only the site stage
     * sees the whole site.)
     */
    private void sitePartial(FlowRecord f, long minute, long upload, long flows, long sent, long received, int protection) {
        long[] p = sitePartials.get(f.site());
        // a share stored by an older version, before sent/received and protection were counted
        if (p != null && p.length < PARTIAL) p = Arrays.copyOf(p, PARTIAL);
        if (p == null) p = fresh(minute);
        if (minute > p[0]) {
            context.forward(new Record<>(f.site(), Emitted.of(partial(f.site(), p)), p[0]));
            p = fresh(minute);
        }
        p[1] += upload;
        p[2] += flows;
        p[3] += sent;
        p[4] += received;
        if (protection >= 0) p[5 + protection]++;
        sitePartials.put(f.site(), p);
    }

    /** A share's slots: minute, upload, flows, sent, received, then connections by protection (four). */
    private static final int PARTIAL = 9;

    private static long[] fresh(long minute) {
        long[] p = new long[PARTIAL];
        p[0] = minute;
        return p;
    }

    private static SitePartial partial(String site, long[] p) {
        return new SitePartial(site, p[0], p[1], p[2], p.length > 3 ? p[3] : 0, p.length > 4 ? p[4] : 0,
                SiteTraffic.Tls.of(p, 5), null);
    }

    /** Folds the finished minute (and up to an hour of silent minutes after it) into the baselines. */
    private void closeMinute(String key, HostState s, Thresholds t, String site, String host, long minute) {
        HostBaselines b = baselines.get(key);
        if (b == null) b = new HostBaselines();
        seasons.migrate(key, b);
        double alpha = t.get(Learning.THRESHOLDS).alpha();
        // the overall baselines here, the hour of the week's in its own record
        b.upload.update(s.upload, s.minute, alpha, false);
        b.flows.update(s.flowsOut, s.minute, alpha, false);
        seasons.update(key, s.minute, s.upload, s.flowsOut, alpha);
        long gap = Math.min(60, (minute - s.minute) / MINUTE - 1);
        for (long g = 1; g <= gap; g++) {
            b.upload.update(0, s.minute + g * MINUTE, alpha, false);
            b.flows.update(0, s.minute + g * MINUTE, alpha, false);
            seasons.update(key, s.minute + g * MINUTE, 0, 0, alpha);
        }
        b.push(s.minute / MINUTE, s.upload, s.download);
        baselines.put(key, b);
        flushContacts(s, site, host, s.minute + MINUTE - 1);
        s.minute = minute;
        s.upload = 0;
        s.download = 0;
        s.flowsOut = 0;
        s.flowsIn = 0;
        s.uploadPeers.clear();
        limits(s, b, () -> seasons.at(key, minute), t, minute);
    }

    /** Sends the contacts of hosts that have been quiet since their last flow (a minute of stream time at most). */
    private void flushQuietHosts(long streamTime) {
        for (String key : pendingContacts) {
            HostState s = hot.get(key);
            if (s == null) continue;
            int slash = key.indexOf('/');
            flushContacts(s, key.substring(0, slash), key.substring(slash + 1), streamTime);
            hot.put(key, s);
        }
        pendingContacts.clear();
    }

    /** The peers the host first contacted this minute go to the peer stage, one event per network. */
    private void flushContacts(HostState s, String site, String host, long time) {
        for (boolean dns : new boolean[] {false, true}) {
            List<String> fresh = dns ? s.newDnsServers : s.newPeers;
            if (fresh.isEmpty()) continue;
            Map<String, List<String>> byNet = new LinkedHashMap<>();
            for (String p : fresh) byNet.computeIfAbsent(PeerEvent.prefix(p), x -> new ArrayList<>()).add(p);
            byNet.values().forEach(peers -> {
                PeerEvent e = PeerEvent.contacts(site, host, peers, dns, time);
                context.forward(new Record<>(e.key(), Emitted.of(e), time));
            });
            fresh.clear();
        }
    }

    /**
     * The limits for the minute starting at {@code minute}, per horizon of k minutes: the
     * baseline's k-minute centre plus z spreads (spread scaled by √k), never below the
     * horizon's floor; while the baseline warms up, ten times the floor. The hour of the week's
     * bucket is read only once the baseline is trusted (a new host's first day needs none).
     */
    private static void limits(HostState s, HostBaselines b, Supplier<HostSeasons.Season> hourOfWeek, Thresholds t,
                               long minute) {
        UploadCandidates.Config ex = t.get(UploadCandidates.THRESHOLDS);
        long flowFloor = t.get(VolumeDetector.THRESHOLDS).floorFlowsPerMinute();
        long epochMinute = minute / MINUTE;
        if (b != null) {
            s.prevUpload9 = b.sum(b.ringUpload, epochMinute, 9);
            s.prevUpload59 = b.sum(b.ringUpload, epochMinute, 59);
            s.prevDownload9 = b.sum(b.ringDownload, epochMinute, 9);
            s.prevDownload59 = b.sum(b.ringDownload, epochMinute, 59);
            double usual = b.upload.trusted(t.get(Learning.THRESHOLDS).warmup())
                    ? b.upload.overall.mean + b.upload.overall.spread() : 0;
            s.activeSince[1] = b.firstAbove(epochMinute, 9, Math.max(1 << 20, usual));
            s.activeSince[2] = b.firstAbove(epochMinute, 59, Math.max(1 << 20, usual));
        }
        if (b == null || !b.upload.trusted(t.get(Learning.THRESHOLDS).warmup())) {
            for (int h = 0; h < UploadCandidates.HORIZONS.length; h++) s.uploadLimits[h] = 10 * ex.floor(UploadCandidates.HORIZONS[h]);
            s.flowsLimit = 10 * flowFloor;
            s.uploadMean = s.uploadSpread = s.flowsMean = s.flowsSpread = 0;
            s.baselineSamples = b == null ? 0 : b.upload.overall.n;
            s.historyMinutes = s.baselineSamples;
            s.seasonal = false;
            return;
        }
        long seasonalMin = t.get(Learning.THRESHOLDS).seasonalMin();
        HostSeasons.Season hour = hourOfWeek.get();
        HostBaseline.Expectation u = b.upload.expect(hour == null ? null : hour.upload, seasonalMin);
        HostBaseline.Expectation c = b.flows.expect(hour == null ? null : hour.flows, seasonalMin);
        double uSpread = Math.max(u.spread(), Math.max(0.1 * u.mean(), 1 << 20));
        double cSpread = Math.max(c.spread(), Math.max(0.1 * c.mean(), 5));
        for (int h = 0; h < UploadCandidates.HORIZONS.length; h++) {
            int k = UploadCandidates.HORIZONS[h];
            // The minute also allows for the last hour's own ups and downs (a busy hour's ordinary minutes); the
            // longer horizons must not, because a slow theft fills the last hour itself.
            double spread = k == 1 ? Math.max(uSpread, b.recentSpread(epochMinute)) : uSpread;
            s.uploadLimits[h] = (long) Math.max(ex.floor(k), k * u.mean() + ex.z() * spread * Math.sqrt(k));
        }
        s.flowsLimit = (long) Math.max(flowFloor, c.mean() + t.get(VolumeDetector.THRESHOLDS).z() * cSpread);
        s.uploadMean = u.mean();
        s.uploadSpread = uSpread;
        s.flowsMean = c.mean();
        s.flowsSpread = c.spread();
        s.baselineSamples = u.samples();
        s.historyMinutes = b.upload.overall.n;
        s.seasonal = u.seasonal();
    }

    @Override
    protected void endOfInput(FlowRecord marker) {
        int partition = partition();
        if (!markers.complete(marker, partition)) return;
        // Contacts still waiting for their minute to close go to the peer stage before its marker.
        List<KeyValue<String, HostState>> pending = new ArrayList<>();
        try (KeyValueIterator<String, HostState> it = hot.all()) {
            while (it.hasNext()) {
                KeyValue<String, HostState> kv = it.next();
                if (kv.key.startsWith(marker.site() + "/")
                        && (!kv.value.newPeers.isEmpty() || !kv.value.newDnsServers.isEmpty())) pending.add(kv);
            }
        }
        for (KeyValue<String, HostState> kv : pending) {
            flushContacts(kv.value, marker.site(), kv.key.substring(kv.key.indexOf('/') + 1), marker.end());
            hot.put(kv.key, kv.value);
        }
        episodes.endSite(marker.site());
        long[] p = sitePartials.get(marker.site());
        if (p != null) {
            context.forward(new Record<>(marker.site(), Emitted.of(partial(marker.site(), p)), p[0]));
            sitePartials.delete(marker.site());
        }
        // The site and peer stages hear the end of input from every host task, after their last records.
        FlowRecord.EndOfInput eoi = new FlowRecord.EndOfInput(marker.endOfInput().run(), partition,
                marker.endOfInput().partitions());
        context.forward(new Record<>(marker.site(), Emitted.of(new SitePartial(marker.site(), 0, 0, 0, 0, 0, null, eoi)),
                marker.end()));
        PeerEvent peerMarker = PeerEvent.marker(marker.site(), marker.end(), eoi);
        context.forward(new Record<>(peerMarker.key(), Emitted.of(peerMarker), marker.end()));
        acknowledge(STAGE, marker.endOfInput(), partition, marker.end());
    }
}
