package io.vigil.collector.netflow;

/**
 * One flow as an exporter reports it: one direction (or both, for IPFIX biflows, RFC 5103),
 * counts already multiplied by the exporter's sampling rate, times in epoch milliseconds.
 *
 * @param sampling the packet sampling rate applied to the counts (1: unsampled)
 */
public record ExportedFlow(String exporter, String src, String dst, int srcPort, int dstPort, int proto,
                           long packets, long bytes, int tcpFlags, long firstMs, long lastMs, int sampling,
                           long reversePackets, long reverseBytes, int reverseTcpFlags) {

    /** The same flow seen from the other end (for joining the two directions). */
    String reverseKey() {
        return dst + "|" + dstPort + "|" + src + "|" + srcPort + "|" + proto;
    }

    String key() {
        return src + "|" + srcPort + "|" + dst + "|" + dstPort + "|" + proto;
    }
}
