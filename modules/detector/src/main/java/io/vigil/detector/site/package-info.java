/**
 * Detectors about a site as a whole: {@code collector_silent}, raised when a site's
 * collector stops sending heartbeats. Silence is the absence of records, so this one runs on
 * the wall clock, not event time.
 */
package io.vigil.detector.site;
