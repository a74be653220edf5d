package io.vigil.detector.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Contact between one internal host and one outside peer and port: when each connection
 * started (the last 16 intervals) and how much they carried, to judge regularity.
 */
public final class BeaconState {
    public long lastStart;
    public long firstStart;
    public long connections;
    public long bytes;
    public List<Long> intervals = new ArrayList<>();
}
