/**
 * Byte-exact encoders for the packets the simulator writes: IPv4/IPv6 with TCP, UDP and
 * ICMP (checksums included), link-layer framing (Ethernet with optional 802.1Q, Linux
 * cooked v1/v2, raw IP), and the application messages detectors look at (DNS, TLS hellos).
 */
package io.vigil.simulator.packet;
