package io.vigil.detector.host;

import io.vigil.detector.codec.Codec;
import java.util.ArrayList;
import java.util.List;

/**
 * One internal host's contact with one outside peer and service: when each contact began
 * (the last {@link #KEPT} intervals), what each carried, whether the peer stage has heard of
 * it today, and when it was last told of a beacon. Connections within
 * {@link BeaconCandidates#MERGE_MS} of each other are one contact (a page load opens several).
 */
public final class ContactState {

    static final int KEPT = 32;

    public long firstStart;
    public long lastStart;
    public long connections;
    /** Bytes of the contact in progress (it may gain connections). */
    public long currentBytes;
    public List<Long> intervals = new ArrayList<>();
    /** Bytes of each finished contact, oldest first. */
    public List<Long> sizes = new ArrayList<>();
    /** The epoch day the peer stage last heard of this contact; -1: never. */
    public int reportedDay = -1;
    /** Contacts when the peer stage was last told this is a beacon, and when. */
    public long sentConnections;
    public long sentAt;
    /** Contacts that were check-ins inside a connection already open (its bursts), not new connections. */
    public long inFlow;

    /**
     * Its binary form in the store. A state written by an older version is read where its
     * layout allows; otherwise it starts afresh, which costs at most a minute's counters or a window.
     */
    static final Codec<ContactState> CODEC = Codec.of(2, (ContactState c, Codec.Out o) -> {
        o.putLong(c.firstStart);
        o.putLong(c.lastStart);
        o.putLong(c.connections);
        o.putLong(c.currentBytes);
        o.putAll(c.intervals, Codec.Out::putLong);
        o.putAll(c.sizes, Codec.Out::putLong);
        o.putInt(c.reportedDay);
        o.putLong(c.sentConnections);
        o.putLong(c.sentAt);
        o.putLong(c.inFlow);
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
        if (version >= 2) c.inFlow = in.getLong();
        return c;
    });
}
