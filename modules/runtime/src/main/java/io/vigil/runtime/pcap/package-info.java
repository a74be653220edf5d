/**
 * Capture file writers (classic pcap with micro- or nanosecond timestamps, and pcapng) so
 * that the project makes its own real capture files for demos, tests and benchmarks, and the
 * evidence files behind alerts.
 */
package io.vigil.runtime.pcap;
