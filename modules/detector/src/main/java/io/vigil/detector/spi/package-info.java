/**
 * What a detector plugs into: its thresholds, declared once as a {@link io.vigil.detector.spi.Thresholds.Group}
 * of keys where the detector is written, and its episode policy. Depends on nothing else in the
 * detector, so that every stage and detector may use it without an arrow back up.
 */
package io.vigil.detector.spi;
