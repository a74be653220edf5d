/**
 * Where packets come from: capture files (pcap and pcapng, any timestamp precision) read
 * through pcap4j's raw fast path, checked up front so that a missing, empty or foreign file
 * gets one clear line naming it, and a truncated one is read up to the damage.
 */
package io.vigil.collector.capture;
