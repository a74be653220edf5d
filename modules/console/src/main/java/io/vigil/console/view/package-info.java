/**
 * What the console shows, built from the topics alone and kept current by following them: the
 * alerts, their triage, who was told, the suppressions and the collectors' heartbeats.
 */
package io.vigil.console.view;
