package io.vigil.detector.host;

import io.vigil.detector.baseline.BaselineCodec;
import io.vigil.detector.internal.Codec;
import java.util.Map;

/** Binary codecs of the host stage's per-flow state. */
public final class HostCodecs {

    private HostCodecs() {}

    public static final Codec<HostState> STATE = new Codec<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(HostState s, Codec.Out o) {
            o.putLong(s.minute);
            o.putLong(s.upload);
            o.putLong(s.flowsOut);
            o.putLong(s.flowsIn);
            o.putInt(s.uploadPeers.size());
            for (Map.Entry<String, Long> e : s.uploadPeers.entrySet()) {
                o.putString(e.getKey());
                o.putLong(e.getValue());
            }
            o.putLong(s.uploadLimit);
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
            o.putInt(s.synPorts.size());
            for (Map.Entry<Integer, Long> e : s.synPorts.entrySet()) {
                o.putInt(e.getKey());
                o.putLong(e.getValue());
            }
            o.putInt(s.synSources.size());
            for (String x : s.synSources) o.putString(x);
            o.putLong(s.synSourceCount);
            o.putLong(s.dnsWindow);
            o.putInt(s.domains.size());
            for (Map.Entry<String, HostState.DomainStat> e : s.domains.entrySet()) {
                o.putString(e.getKey());
                HostState.DomainStat d = e.getValue();
                o.putInt(d.names.size());
                for (int h : d.names) o.putInt(h);
                o.putLong(d.queries);
                o.putDouble(d.sumLength);
                o.putDouble(d.sumEntropy);
                o.putLong(d.first);
                o.putInt(d.samples.size());
                for (String x : d.samples) o.putString(x);
            }
        }

        @Override
        public HostState read(Codec.In in, int version) {
            HostState s = new HostState();
            s.minute = in.getLong();
            s.upload = in.getLong();
            s.flowsOut = in.getLong();
            s.flowsIn = in.getLong();
            for (int i = in.getInt(); i > 0; i--) s.uploadPeers.put(in.getString(), in.getLong());
            s.uploadLimit = in.getLong();
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
            for (int i = in.getInt(); i > 0; i--) s.synPorts.put(in.getInt(), in.getLong());
            for (int i = in.getInt(); i > 0; i--) s.synSources.add(in.getString());
            s.synSourceCount = in.getLong();
            s.dnsWindow = in.getLong();
            for (int i = in.getInt(); i > 0; i--) {
                String reg = in.getString();
                HostState.DomainStat d = new HostState.DomainStat();
                for (int j = in.getInt(); j > 0; j--) d.names.add(in.getInt());
                d.queries = in.getLong();
                d.sumLength = in.getDouble();
                d.sumEntropy = in.getDouble();
                d.first = in.getLong();
                for (int j = in.getInt(); j > 0; j--) d.samples.add(in.getString());
                s.domains.put(reg, d);
            }
            return s;
        }
    };

    public static final Codec<HostProcessor.Baselines> BASELINES = new Codec<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(HostProcessor.Baselines b, Codec.Out o) {
            BaselineCodec.write(b.upload, o);
            BaselineCodec.write(b.flows, o);
        }

        @Override
        public HostProcessor.Baselines read(Codec.In in, int version) {
            HostProcessor.Baselines b = new HostProcessor.Baselines();
            b.upload = BaselineCodec.readBaseline(in);
            b.flows = BaselineCodec.readBaseline(in);
            return b;
        }
    };

    public static final Codec<BeaconState> BEACON = new Codec<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(BeaconState b, Codec.Out o) {
            o.putLong(b.lastStart);
            o.putLong(b.firstStart);
            o.putLong(b.connections);
            o.putLong(b.bytes);
            o.putInt(b.intervals.size());
            for (long x : b.intervals) o.putLong(x);
        }

        @Override
        public BeaconState read(Codec.In in, int version) {
            BeaconState b = new BeaconState();
            b.lastStart = in.getLong();
            b.firstStart = in.getLong();
            b.connections = in.getLong();
            b.bytes = in.getLong();
            for (int i = in.getInt(); i > 0; i--) b.intervals.add(in.getLong());
            return b;
        }
    };
}
