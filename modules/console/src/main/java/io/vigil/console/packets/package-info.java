/**
 * The packets behind an alert in the console: fetched through Kafka from the collector of the
 * alert's site ({@link io.vigil.runtime.EvidenceFetch}) when an analyst asks, and held a while
 * so the page can say what came and the analyst can download it.
 */
package io.vigil.console.packets;
