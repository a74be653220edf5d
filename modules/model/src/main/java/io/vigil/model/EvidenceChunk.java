package io.vigil.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One part of a collector's answer to an {@link EvidenceRequest} of kind {@code fetch}, on
 * {@code vigil.evidence.v1} keyed by the request id. A pcap is sent in {@code chunks} records
 * (each well under Kafka's record size), numbered from 0; the requester puts them together and
 * checks the whole file's SHA-256. An answer without packets is one record of no data whose
 * {@code status} says why: {@code expired} (the ring no longer holds the window), {@code none}
 * (it holds the window but no packet of the alert's hosts), {@code unavailable} (the ring cannot
 * be read or written: {@code reason} says why). {@code partial} carries packets, but the ring had
 * already deleted the window's start.
 *
 * @param collector the collector that answers (a site may have several)
 * @param size      the whole pcap's length in bytes
 * @param sha256    the whole pcap's SHA-256, hex
 * @param data      this chunk's bytes (base64 in JSON)
 */
public record EvidenceChunk(int v, String requestId, String alertId, String site, String collector, String status,
                            String reason, int seq, int chunks, long packets, long size, String sha256, byte[] data,
                            Instant at) {

    public static final int VERSION = 1;
    public static final String OK = "ok", PARTIAL = "partial", EXPIRED = "expired", NONE = "none",
            UNAVAILABLE = "unavailable";
    public static final Set<String> STATUSES = Set.of(OK, PARTIAL, EXPIRED, NONE, UNAVAILABLE);
    /** Bytes of pcap per record: 512 KiB of base64, half Kafka's default largest record. */
    public static final int CHUNK_BYTES = 384 * 1024;

    /** Whether this answer carries packets. */
    public boolean hasPackets() {
        return OK.equals(status) || PARTIAL.equals(status);
    }

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (requestId == null || requestId.isBlank()) p.add("request_id is missing");
        if (status == null || !STATUSES.contains(status)) p.add("status '" + status + "' is not one of " + STATUSES);
        if (hasPackets()) {
            if (chunks < 1 || seq < 0 || seq >= chunks) p.add("chunk " + seq + " of " + chunks);
            if (data == null) p.add("data is missing");
            else if (data.length > CHUNK_BYTES) p.add("chunk of " + data.length + " bytes");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) p.add("sha256 is not 64 hex digits");
            if (size < 0) p.add("size " + size);
        } else if (data != null && data.length > 0) {
            p.add("a " + status + " answer carries no data");
        }
        return p;
    }
}
