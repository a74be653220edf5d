/**
 * The reporter role: the weekly anomaly summary of each site for managers, built from the
 * alerts and the notification audit trail, as an HTML page with charts and as JSON.
 */
package io.vigil.reporter;
