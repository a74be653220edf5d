/**
 * Settings declared once ({@link io.vigil.runtime.config.Setting}: key, kind, default, meaning)
 * and read from one YAML file, then {@code VIGIL_*} variables, then flags
 * ({@link io.vigil.runtime.config.ConfigTree}), every problem named by its key. Here rather than
 * in the launcher so that a role may declare its own settings — the detector declares its
 * thresholds — with the same kinds the launcher reads, checks and documents.
 */
package io.vigil.runtime.config;
