/**
 * Turns a captured frame into the few facts a flow needs (addresses, protocol, ports, TCP
 * flags, IP length, where the payload starts) without allocating: one reusable
 * {@link io.vigil.collector.decode.DecodedPacket} per capture thread. Handles Ethernet with
 * 802.1Q/QinQ tags, Linux cooked v1/v2, raw IP and BSD loopback; IPv4 and IPv6 with
 * extension headers; TCP, UDP, ICMP and ICMPv6.
 */
package io.vigil.collector.decode;
