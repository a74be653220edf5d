package io.vigil.cli.admin;

import java.util.Map;

/** How a Kafka client's settings make it connect and prove who it is, said in words (never a secret). */
public final class ClientIdentity {

    private ClientIdentity() {}

    /** What the client settings make a role do, said for {@code --check} (never a secret). */
    public static String describe(Map<String, ?> props) {
        Object protocol = props.get("security.protocol");
        String p = protocol == null ? "PLAINTEXT" : protocol.toString().toUpperCase(java.util.Locale.ROOT);
        if (!props.containsKey("bootstrap.servers")) return "the in-process broker";
        return switch (p) {
            case "SSL" -> props.containsKey("ssl.keystore.location")
                    ? "mutual TLS with the client certificate in " + props.get("ssl.keystore.location")
                    : "TLS without a client certificate (the cluster does not learn who this role is)";
            case "SASL_SSL" -> "SASL/" + (props.containsKey("sasl.mechanism") ? props.get("sasl.mechanism") : "GSSAPI") + " over TLS" + user(props);
            case "SASL_PLAINTEXT" -> "SASL/" + (props.containsKey("sasl.mechanism") ? props.get("sasl.mechanism") : "GSSAPI") + " without TLS" + user(props);
            default -> "plaintext, no authentication";
        };
    }

    private static String user(Map<String, ?> props) {
        Object jaas = props.get("sasl.jaas.config");
        if (jaas == null) return "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("username=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(jaas.toString());
        return m.find() ? " as user " + m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : "";
    }
}
