package io.vigil.detector.message;

import io.vigil.model.FlowRecord;
import io.vigil.model.SiteTraffic;

/**
 * One host task's share of a site's minute: what the hosts of its partition uploaded on
 * connections they opened, how many connections they opened, and every byte that crossed the
 * internet edge to or from them ({@code sent}, {@code received}), and the edge's connections by
 * protection ({@code tls}). With {@code endOfInput} set it is that task's end-of-input marker
 * for the site stage instead.
 */
public record SitePartial(String site, long minute, long upload, long flows, long sent, long received,
                          SiteTraffic.Tls tls, FlowRecord.EndOfInput endOfInput) {

    public boolean isMarker() {
        return endOfInput != null;
    }
}
