package io.vigil.detector;

import io.vigil.detector.baseline.Learning;
import io.vigil.detector.host.BeaconCandidates;
import io.vigil.detector.host.DnsTunnelDetector;
import io.vigil.detector.host.IcmpTunnelDetector;
import io.vigil.detector.host.InsecureProtocolDetector;
import io.vigil.detector.host.SynFloodDetector;
import io.vigil.detector.host.UploadCandidates;
import io.vigil.detector.host.VolumeDetector;
import io.vigil.detector.intel.ThreatIntelDetector;
import io.vigil.detector.peer.Prevalence;
import io.vigil.detector.scan.BruteForceDetector;
import io.vigil.detector.scan.HostSweepDetector;
import io.vigil.detector.scan.PortScanDetector;
import io.vigil.detector.site.SiteProcessor;
import io.vigil.detector.spi.EpisodePolicy;
import io.vigil.detector.spi.EpisodeTimes;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.AlertType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The detectors, in one list: each one's thresholds (declared where the detector is written)
 * and the types whose episodes keep their own times. The configuration file, {@code --check},
 * the reference table in docs/configuration.md and every site's settings come from here.
 */
public final class Detectors {

    /** Every group of thresholds, in the order the file and the docs show them. */
    public static final List<Thresholds.Group<?>> THRESHOLDS = List.of(
            PortScanDetector.THRESHOLDS,
            HostSweepDetector.THRESHOLDS,
            BruteForceDetector.THRESHOLDS,
            SynFloodDetector.THRESHOLDS,
            UploadCandidates.THRESHOLDS,
            VolumeDetector.THRESHOLDS,
            BeaconCandidates.THRESHOLDS,
            DnsTunnelDetector.THRESHOLDS,
            IcmpTunnelDetector.THRESHOLDS,
            InsecureProtocolDetector.THRESHOLDS,
            SiteProcessor.THRESHOLDS,
            Learning.THRESHOLDS,
            Prevalence.THRESHOLDS,
            EpisodeTimes.THRESHOLDS,
            ThreatIntelDetector.THRESHOLDS);

    /**
     * Types whose episodes do not take the site's times: a server still speaking TLS 1.0 is a
     * standing fact (a day quiet, a week before it pages again); a beacon is quiet between
     * check-ins (four periods, at least half an hour); a silent collector ends when it speaks;
     * data moved in bursts is one theft (15 minutes); a listed peer contacted every few hours is
     * one story, not one page per contact.
     */
    static final Map<AlertType, EpisodePolicy> EPISODES = Map.of(
            AlertType.INSECURE_PROTOCOL, new EpisodePolicy((a, t) -> Duration.ofHours(24), t -> Duration.ofDays(7)),
            AlertType.BEACONING, EpisodePolicy.quiet((a, t) -> {
                Object period = a.evidence() == null ? null : a.evidence().get("period_seconds");
                Duration p = period instanceof Number n ? Duration.ofMillis((long) (n.doubleValue() * 1000))
                        : t.get(BeaconCandidates.THRESHOLDS).maxPeriod();
                return EpisodePolicy.atLeast(Duration.ofMinutes(30), p.multipliedBy(4));
            }),
            AlertType.COLLECTOR_SILENT, EpisodePolicy.quiet((a, t) -> Duration.ofDays(365)),
            AlertType.EXFILTRATION, EpisodePolicy.quiet((a, t) -> Duration.ofMinutes(15)),
            AlertType.VOLUME_ANOMALY, EpisodePolicy.quiet((a, t) -> Duration.ofMinutes(15)),
            AlertType.THREAT_INTEL, new EpisodePolicy(
                    (a, t) -> EpisodePolicy.atLeast(Duration.ofHours(1), t.get(EpisodeTimes.THRESHOLDS).quiet()),
                    t -> EpisodePolicy.atLeast(Duration.ofDays(1), t.get(EpisodeTimes.THRESHOLDS).suppress())));

    private Detectors() {}

    /** Every detector's thresholds at their defaults: what a site has that sets none. */
    public static Thresholds thresholds() {
        return Thresholds.of(THRESHOLDS, EPISODES);
    }
}
