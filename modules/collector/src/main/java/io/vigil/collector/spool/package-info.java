/**
 * The on-disk spool: when Kafka cannot take flow records, they are appended to bounded
 * segment files and replayed in order once it can. Each entry carries a CRC, so a crash
 * mid-write loses at most the entry being written, and the spool reopens at the last good
 * entry.
 */
package io.vigil.collector.spool;
