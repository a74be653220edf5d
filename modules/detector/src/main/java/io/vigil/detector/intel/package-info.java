/**
 * Threat indicators: {@link io.vigil.detector.intel.IndicatorUpdater} keeps the global store
 * and an in-memory {@link io.vigil.detector.intel.IndicatorIndex} in step with the compacted
 * indicators topic; {@link io.vigil.detector.intel.IntelProcessor} looks every flow's outside
 * address and DNS names up in it and raises {@code threat_intel} per host and indicator.
 */
package io.vigil.detector.intel;
