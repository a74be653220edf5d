package io.vigil.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of anomaly Vigil reports; the wire form is the lowercase name. */
public enum AlertType {
    PORT_SCAN, HOST_SWEEP, SYN_FLOOD, BRUTE_FORCE, EXFILTRATION, BEACONING, DNS_TUNNEL,
    VOLUME_ANOMALY, INSECURE_PROTOCOL, COLLECTOR_SILENT,
    /** Data carried in ICMP echo: replies that are not the requests' data, or changing data in volume. */
    ICMP_TUNNEL,
    /** Traffic to or from an address, network or domain that a threat indicator source lists. */
    THREAT_INTEL,
    /** Not a network anomaly: a notification channel has failed N attempts in a row (raised by the notifier). */
    CHANNEL_FAILING,
    /** Not a network anomaly: a suppression ends within a day, so its owner can renew it (raised by the notifier). */
    SUPPRESSION_EXPIRING;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertType parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alert type '" + s + "' is unknown");
        }
    }
}
