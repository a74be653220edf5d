package io.vigil.cli;

import io.vigil.model.CidrSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The site a capture belongs to and which addresses are inside it. */
public final class InputOptions {

    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Option(names = "--internal", paramLabel = "CIDR",
            description = "an internal network of the site (repeatable); default: the private ranges "
                    + "(RFC 1918, RFC 6598, loopback, link-local, IPv6 ULA)")
    List<String> internal = new ArrayList<>();

    @Option(names = "--site", paramLabel = "NAME", defaultValue = "default",
            description = "site name carried by every flow and alert (default: ${DEFAULT-VALUE})")
    String site;

    List<String> internal() {
        List<String> nets = internal.isEmpty() ? CidrSet.PRIVATE : internal;
        try {
            CidrSet.of(nets);
        } catch (IllegalArgumentException e) {
            throw new UserException("--internal " + e.getMessage());
        }
        return nets;
    }

    String site() {
        if (!SITE.matcher(site).matches()) {
            throw new UserException("--site '" + site + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return site;
    }
}
