package io.vigil.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vigil.cli.ExitCodes;
import io.vigil.runtime.config.ConfigTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What {@code --check} says: each problem on its line, or the effective settings with secrets masked. */
public final class CheckOutput {

    private static final Pattern SECRET = Pattern.compile(".*(password|secret|token|jaas|credential|passphrase).*");

    private CheckOutput() {}

    /**
     * What every role does with its settings before running: each problem on its own line and
     * exit 2, or with {@code --check} the effective settings (secrets masked) and exit 0.
     * {@code --check} also says how the role will reach Kafka and prove who it is. Null when the
     * role should run.
     */
    public static Integer stopIfInvalidOrChecking(ConfigTree tree, String role, List<String> problems, boolean check, ObjectNode effective,
            java.util.Map<String, ?> kafka) {
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("vigil " + role + ": " + p));
            return ExitCodes.USAGE;
        }
        if (!check) return null;
        System.out.print(effectiveYaml(tree, effective));
        System.err.println("vigil " + role + ": settings are valid; Kafka: " + io.vigil.cli.admin.ClientIdentity.describe(kafka));
        return ExitCodes.OK;
    }

    /**
     * The tree as YAML with every secret-looking value masked, for {@code --check}: a secret
     * read from a file is shown as its {@code ${file:PATH}} reference (so the output, fed back,
     * is the same configuration), any other as {@code ****}.
     */
    static String effectiveYaml(ConfigTree tree, ObjectNode effective) {
        mask(tree, effective, "");
        try {
            return ConfigTree.YAML.writerWithDefaultPrettyPrinter().writeValueAsString(effective);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isSecret(String key) {
        return SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    private static void mask(ConfigTree tree, ObjectNode n, String prefix) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        for (String k : names) {
            JsonNode v = n.get(k);
            String path = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof ObjectNode o) {
                mask(tree, o, path);
            } else if (isSecret(k) && v != null && !v.isNull()) {
                n.set(k, TextNode.valueOf(tree.fileRefs().getOrDefault(path, "****")));
            }
        }
    }
}
