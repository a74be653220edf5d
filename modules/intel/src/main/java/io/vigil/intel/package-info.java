/**
 * Threat indicators from the sources sites are pointed to (CareCERT bulletins, NCSC, MISP
 * communities): {@link io.vigil.intel.IndicatorSources} reads STIX 2.1 bundles, MISP events and
 * CSV or line lists into {@link io.vigil.model.Indicator}s, skipping (with place and reason)
 * what is not a network indicator; {@link io.vigil.intel.IndicatorLoader} fetches sources
 * (files, HTTPS) and hands each indicator, or a tombstone once expired, to a sink — {@code
 * vigil intel} sends them to the compacted indicators topic. Matching flows is the detector's.
 */
package io.vigil.intel;
