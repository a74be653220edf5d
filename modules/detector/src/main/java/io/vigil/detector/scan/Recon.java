package io.vigil.detector.scan;

import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;

/** What the source stage's detectors share: how bad reconnaissance is, and from where it came. */
final class Recon {

    private Recon() {}

    /** The source is inside the site: its probing means a compromised host. */
    static boolean fromInside(FlowRecord f) {
        return f.direction() == Direction.OUTBOUND || f.direction() == Direction.INTERNAL;
    }

    /**
     * Reconnaissance from the internet is daily noise for any exposed service: medium at the
     * threshold, high at ten times it. From inside it means a compromised host: high, then critical.
     */
    static Severity severity(double score, boolean fromInside) {
        if (fromInside) return score >= 10 ? Severity.CRITICAL : Severity.HIGH;
        return score >= 10 ? Severity.HIGH : Severity.MEDIUM;
    }

    static String join(Iterable<Integer> ports) {
        StringBuilder sb = new StringBuilder();
        for (int p : ports) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(p);
        }
        return sb.toString();
    }
}
