package io.vigil.detector.host;

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
}
