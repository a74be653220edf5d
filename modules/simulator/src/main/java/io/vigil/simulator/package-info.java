/**
 * The traffic simulator: a timeline of real packets built from conversations (TCP sessions
 * with handshakes and teardown, DNS, TLS, scans) and scenarios that mix benign background
 * with attacks, written as pcap/pcapng files with a label file naming the ground truth.
 * The demo, the tests and the benchmarks all run on captures made here.
 */
package io.vigil.simulator;
