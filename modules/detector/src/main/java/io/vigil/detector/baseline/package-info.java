/**
 * Baselines that learn each host and site: a robust running centre and spread (EWMA mean and
 * variance whose updates are clipped, so one attack does not teach the baseline that
 * attacks are normal), a seasonal profile by hour of the week once enough history exists,
 * and an explicit warm-up during which only absolute floors can raise an alert.
 */
package io.vigil.detector.baseline;
