package io.vigil.runtime.pcap;

/** The link-layer header types Vigil reads, with their pcap LINKTYPE numbers. */
public enum LinkType {
    ETHERNET(1),
    /** Raw IPv4/IPv6, no link header (LINKTYPE_RAW). */
    RAW(101),
    /** Linux cooked capture v1, what {@code tcpdump -i any} wrote before libpcap 1.10. */
    LINUX_SLL(113),
    /** Linux cooked capture v2, what {@code tcpdump -i any} writes with libpcap 1.10+. */
    LINUX_SLL2(276);

    public final int number;

    LinkType(int number) {
        this.number = number;
    }
}
