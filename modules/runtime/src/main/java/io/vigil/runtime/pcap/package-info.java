/**
 * Capture file writers (classic pcap with micro- or nanosecond timestamps, and pcapng) so
 * that the project makes its own real capture files for demos, tests and benchmarks.
 */
package io.vigil.simulator.pcap;
