/**
 * Kafka administration for a deployment on a cluster Vigil does not own: the one declaration of
 * every topic ({@link TopicPlan}) and of what each role may do ({@link AccessPlan}), applied or
 * compared by an administrator ({@code vigil topics}, {@code vigil acls}) and checked by each
 * role at start.
 */
package io.vigil.cli.admin;
