/**
 * The console role: the analysts' web console over Kafka ({@link io.vigil.console.Console}) —
 * its settings, what people's requests do to alerts ({@link io.vigil.console.Triage}) and how
 * that is written back to Kafka ({@link io.vigil.console.Recorder}).
 */
package io.vigil.console;
