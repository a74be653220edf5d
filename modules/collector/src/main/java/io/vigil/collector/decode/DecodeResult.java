package io.vigil.collector.decode;

/** What decoding a frame found; everything but {@link #OK} is counted, never silently dropped. */
public enum DecodeResult {
    /** An IP packet the flow table can use. */
    OK,
    /** A frame that carries no IP (ARP, LLDP, STP...): counted, not an error. */
    NOT_IP,
    /** A frame too short or inconsistent to decode: counted as malformed. */
    MALFORMED,
    /** A link type this decoder does not know. */
    UNSUPPORTED_LINK
}
