/**
 * Threat indicators from the sources sites are pointed to (CareCERT bulletins, NCSC, MISP
 * communities): {@link io.vigil.intel.IndicatorSources} reads STIX 2.1 bundles, MISP events and
 * CSV or line lists into {@link io.vigil.model.Indicator}s, skipping (with place and reason)
 * what is not a network indicator. Loading them into Kafka and matching flows against them
 * come next (issue 12).
 */
package io.vigil.intel;
