package io.vigil.cli.config;

import io.vigil.runtime.config.ConfigTree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The documented examples show every setting: each key {@code --check} prints for a role's
 * defaults is written in docs/examples/ROLE.yaml. A key added to a reader and forgotten in
 * the example — the drift a new engineer trips on — fails here. (Free-form sections — kafka,
 * sites, channels, routes, allow — are the user's to fill.)
 */
class ExamplesCoverEveryKeyTest {

    static final Set<String> FREE = Set.of("kafka", "sites", "channels", "routes", "allow");

    static Set<String> keys(JsonNode n, String prefix) {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (FREE.contains(path)) out.add(path);
            else if (e.getValue().isObject()) out.addAll(keys(e.getValue(), path));
            else out.add(path);
        }
        return out;
    }

    static void covers(String role, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = role;
        System.arraycopy(args, 0, cmd, 1, args.length);
        cmd[cmd.length - 1] = "--check";
        CliRun r = CliRun.of(cmd);
        assertThat(r.exit()).as(r.err()).isZero();
        Set<String> printed = keys(ConfigTree.YAML.readTree(r.out()), "");
        Set<String> example = keys(ConfigTree.YAML.readTree(Files.readString(Path.of("../../docs/examples/" + role + ".yaml"))),
                "");
        assertThat(example).as("docs/examples/%s.yaml shows every setting", role).containsAll(printed);
    }

    @Test
    void theCollectorsExample() throws Exception {
        covers("collector", "--site", "s", "--interface", "lo");
    }

    @Test
    void theDetectorsExample() throws Exception {
        covers("detector");
    }

    @Test
    void theNotifiersExample() throws Exception {
        covers("notifier");
    }

    @Test
    void theConsolesExample() throws Exception {
        Path dir = Files.createTempDirectory("console-example");
        Path ks = Files.createFile(dir.resolve("console.p12"));
        Path users = Files.createFile(dir.resolve("users"));
        covers("console", "--config", write(dir, "tls-keystore: " + ks + "\nusers: " + users + "\n").toString());
    }

    static Path write(Path dir, String yaml) throws IOException {
        return Files.writeString(dir.resolve("console.yaml"), yaml);
    }
}
