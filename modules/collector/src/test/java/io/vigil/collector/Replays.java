package io.vigil.collector;

import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.CidrSet;
import io.vigil.model.FlowRecord;
import io.vigil.simulator.Traffic;
import io.vigil.simulator.packet.Framing;
import io.vigil.runtime.pcap.LinkType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: writes traffic to a real capture file and replays it through the collector. */
public final class Replays {

    private Replays() {}

    public static List<FlowRecord> flows(Traffic t, Path dir) throws IOException, CaptureInputException {
        return flows(t, dir, new Framing(LinkType.ETHERNET, 0), false, false, FlowTableConfig.defaults());
    }

    public static List<FlowRecord> flows(Traffic t, Path dir, Framing framing, boolean nanos, boolean pcapng,
                                         FlowTableConfig config) throws IOException, CaptureInputException {
        Path file = Files.createTempFile(dir, "capture", pcapng ? ".pcapng" : ".pcap");
        t.write(file, framing, nanos, pcapng);
        return replay(List.of(file), config);
    }

    public static List<FlowRecord> replay(List<Path> files, FlowTableConfig config) throws CaptureInputException {
        List<FlowRecord> mapped = replay(files, config, CaptureReplay.Reader.JAVA);
        // Both readers must see the same capture the same way: every test checks it.
        List<FlowRecord> viaLibpcap = replay(files, config, CaptureReplay.Reader.PCAP4J);
        if (!mapped.equals(viaLibpcap)) {
            throw new AssertionError("the mapped reader and libpcap disagree on " + files + ":\n" + mapped + "\n" + viaLibpcap);
        }
        return mapped;
    }

    public static List<FlowRecord> replay(List<Path> files, FlowTableConfig config, CaptureReplay.Reader reader)
            throws CaptureInputException {
        List<FlowRecord> out = new ArrayList<>();
        FlowTable table = new FlowTable(config,
                new FlowRecordFactory("test", "c1", CidrSet.of(List.of("10.0.0.0/8", "fd00::/8")), AddressMapper.IDENTITY),
                out::add, new FlowStats());
        new CaptureReplay(table, new CaptureStats(), reader).run(files, null);
        return out;
    }
}
