package io.vigil.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MITRE ATT&CK techniques Vigil's alerts name in {@link Alert#attack()}, with their
 * names, so a report or a SOC tool can show "T1071.004 Application Layer Protocol: DNS"
 * rather than a bare id. Ids follow ATT&CK Enterprise (techniques and sub-techniques).
 */
public final class Attack {

    public static final String NETWORK_SERVICE_DISCOVERY = "T1046";
    public static final String REMOTE_SYSTEM_DISCOVERY = "T1018";
    public static final String BRUTE_FORCE = "T1110";
    public static final String PASSWORD_GUESSING = "T1110.001";
    public static final String PASSWORD_SPRAYING = "T1110.003";
    public static final String NETWORK_DOS = "T1498";
    public static final String DIRECT_NETWORK_FLOOD = "T1498.001";
    public static final String ENDPOINT_DOS = "T1499";
    public static final String OS_EXHAUSTION_FLOOD = "T1499.001";
    public static final String EXFIL_OVER_C2 = "T1041";
    public static final String EXFIL_OVER_ALTERNATIVE_PROTOCOL = "T1048";
    public static final String EXFIL_OVER_WEB_SERVICE = "T1567";
    public static final String AUTOMATED_EXFILTRATION = "T1020";
    public static final String APPLICATION_LAYER_PROTOCOL = "T1071";
    public static final String WEB_PROTOCOLS = "T1071.001";
    public static final String DNS = "T1071.004";
    public static final String ENCRYPTED_CHANNEL = "T1573";
    public static final String NON_APPLICATION_LAYER_PROTOCOL = "T1095";
    public static final String PROTOCOL_TUNNELING = "T1572";
    public static final String NETWORK_SNIFFING = "T1040";

    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(NETWORK_SERVICE_DISCOVERY, "Network Service Discovery");
        NAMES.put(REMOTE_SYSTEM_DISCOVERY, "Remote System Discovery");
        NAMES.put(BRUTE_FORCE, "Brute Force");
        NAMES.put(PASSWORD_GUESSING, "Brute Force: Password Guessing");
        NAMES.put(PASSWORD_SPRAYING, "Brute Force: Password Spraying");
        NAMES.put(NETWORK_DOS, "Network Denial of Service");
        NAMES.put(DIRECT_NETWORK_FLOOD, "Network Denial of Service: Direct Network Flood");
        NAMES.put(ENDPOINT_DOS, "Endpoint Denial of Service");
        NAMES.put(OS_EXHAUSTION_FLOOD, "Endpoint Denial of Service: OS Exhaustion Flood");
        NAMES.put(EXFIL_OVER_C2, "Exfiltration Over C2 Channel");
        NAMES.put(EXFIL_OVER_ALTERNATIVE_PROTOCOL, "Exfiltration Over Alternative Protocol");
        NAMES.put(EXFIL_OVER_WEB_SERVICE, "Exfiltration Over Web Service");
        NAMES.put(AUTOMATED_EXFILTRATION, "Automated Exfiltration");
        NAMES.put(APPLICATION_LAYER_PROTOCOL, "Application Layer Protocol");
        NAMES.put(WEB_PROTOCOLS, "Application Layer Protocol: Web Protocols");
        NAMES.put(DNS, "Application Layer Protocol: DNS");
        NAMES.put(ENCRYPTED_CHANNEL, "Encrypted Channel");
        NAMES.put(NON_APPLICATION_LAYER_PROTOCOL, "Non-Application Layer Protocol");
        NAMES.put(PROTOCOL_TUNNELING, "Protocol Tunneling");
        NAMES.put(NETWORK_SNIFFING, "Network Sniffing");
    }

    private Attack() {}

    /** The technique's name, or the id itself when Vigil does not know it. */
    public static String name(String id) {
        return NAMES.getOrDefault(id, id);
    }

    /** Every technique Vigil can name, id to name, in a stable order. */
    public static Map<String, String> all() {
        return Collections.unmodifiableMap(NAMES);
    }
}
