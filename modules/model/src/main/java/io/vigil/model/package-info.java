/**
 * The records every role exchanges over Kafka ({@link io.vigil.model.FlowRecord},
 * {@link io.vigil.model.Alert}, {@link io.vigil.model.Heartbeat},
 * {@link io.vigil.model.NotificationAttempt}), their JSON serdes and the versioned topic
 * names. Roles depend on this package and on nothing of each other, so a change to a
 * contract shows up here first.
 */
package io.vigil.model;
