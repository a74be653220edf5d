/**
 * One alert per episode, for every detector: a detector says that its condition holds for an
 * entity at an event time, and {@code Episodes} decides whether that is a new alert (with a
 * deterministic id), an update, a reopening, or an end; and the words alerts' summaries share.
 */
package io.vigil.detector.episode;
