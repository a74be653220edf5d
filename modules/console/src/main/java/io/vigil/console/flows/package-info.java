/**
 * The flows behind an alert, read from the flows topic on demand: the alert window's flows for
 * the page and its exports, and its host's measure over the hours before, for the chart.
 */
package io.vigil.console.flows;
