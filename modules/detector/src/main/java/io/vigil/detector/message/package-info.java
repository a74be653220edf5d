/**
 * What stages send each other through repartition topics (a host's candidates for the peer
 * stage, its share of the site's minute) and what a stage emits (an alert, an
 * acknowledgement, a message for the next stage), with their binary codec.
 */
package io.vigil.detector.message;
