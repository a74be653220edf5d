/**
 * The reporter role: the weekly anomaly summary per site for managers (alerts by type and
 * severity, top hosts, trends, bandwidth peaks, TLS/plaintext findings) as HTML with charts,
 * JSON and CSV. Nothing is built here yet; the module exists so the layout is the one the
 * product grows into, and it is not wired into {@code vigil} until it works.
 */
package io.vigil.reporter;
