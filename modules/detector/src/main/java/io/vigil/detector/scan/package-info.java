/**
 * Reconnaissance detectors keyed by the probing source: {@code port_scan} (one source, many
 * ports of a host, mostly refused or unanswered). State per source lives in a changelogged
 * store, so a restart neither forgets a scan in progress nor raises it twice.
 */
package io.vigil.detector.scan;
