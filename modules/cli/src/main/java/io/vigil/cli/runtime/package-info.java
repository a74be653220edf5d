/**
 * What the commands run on: the Kafka endpoint (a cluster, or an in-process broker), the
 * metrics and health server, the offline pipeline behind {@code analyze} and {@code demo},
 * the file replay with its progress bar, the terminal, the alert card and output files, and
 * how a command stops.
 */
package io.vigil.cli.runtime;
