/** Small robust statistics the detectors share: median and MAD, Bowley skewness, a bounded distinct count. */
package io.vigil.detector.stats;
