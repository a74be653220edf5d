/**
 * The detector role: a Kafka Streams application that reads flow records, keeps per-entity
 * state in changelogged stores, and writes one alert per anomaly episode.
 * {@link io.vigil.detector.DetectorTopology} builds the topology (tests run the same
 * builder under {@code TopologyTestDriver}); {@link io.vigil.detector.Detector} runs it.
 */
package io.vigil.detector;
