package io.vigil.cli.config;

import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import io.vigil.runtime.config.Units;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's reference tables are the declarations: each table between its
 * markers is exactly what {@link Setting#table} makes of a role's declared settings, so a key
 * added, renamed or given another default cannot leave the docs behind.
 */
class SettingTablesTest {

    static final Map<String, List<Setting<?>>> TABLES = new LinkedHashMap<>();
    static final Map<String, String> PREFIX = Map.of("channel", "channels.NAME");

    static {
        TABLES.put("collector", CollectorKeys.ALL);
        TABLES.put("detector", DetectorKeys.ALL);
        TABLES.put("notifier", NotifierKeys.ALL);
        TABLES.put("channel", NotifierKeys.CHANNEL);
        TABLES.put("route", NotifierKeys.ROUTE);
        TABLES.put("standalone", StandaloneKeys.ALL);
        TABLES.put("console", ConsoleKeys.ALL);
        TABLES.put("cluster", ClusterKeys.ALL);
    }

    @Test
    void everyReferenceTableInTheDocsIsTheOneTheDeclarationsMake() throws Exception {
        String docs = Files.readString(Path.of("../../docs/configuration.md"));
        Map<String, String> blocks = new LinkedHashMap<>();
        TABLES.forEach((name, keys) -> blocks.put(name, begin(name)
                + Setting.table(keys, name.equals("route") ? null : PREFIX.getOrDefault(name, "")) + end(name)));
        Files.writeString(Path.of("target/setting-tables.md"), String.join("\n\n", blocks.values()));
        blocks.forEach((name, block) -> assertThat(docs).as("docs/configuration.md holds the %s table (all expected "
                + "tables are in modules/cli/target/setting-tables.md)", name).contains(block));
    }

    @Test
    void everyKeyIsDeclaredOnceAndSaysWhatItIs() {
        TABLES.forEach((name, keys) -> {
            assertThat(keys.stream().map(Setting::key)).as(name).doesNotHaveDuplicates();
            assertThat(keys).as(name).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
        });
    }

    @Test
    void theEnvironmentVariableOfAKeyIsTheOneTheTreeReads() {
        ConfigTree t = ConfigTree.load(null, Map.of(CollectorKeys.ACTIVE.env(), "45s", CollectorKeys.MAX_FLOWS.env(), "7000",
                CommonKeys.METRICS_KEYSTORE_PASSWORD.env(), "x"));
        Setting.Values v = Setting.Values.read(t, CollectorKeys.ALL);
        assertThat(v.get(CollectorKeys.ACTIVE)).hasSeconds(45);
        assertThat(v.get(CollectorKeys.MAX_FLOWS)).isEqualTo(7000);
        assertThat(v.get(CommonKeys.METRICS_KEYSTORE_PASSWORD)).isEqualTo("x");
    }

    @Test
    void durationsAndSizesAreShownInTheLargestExactUnit() {
        assertThat(Units.text(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Units.text(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Units.text(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(Units.text(64L << 20)).isEqualTo("64MB");
        assertThat(Units.text(1500L)).isEqualTo("1500");
        assertThat(Units.text(3L << 30)).isEqualTo("3GB");
    }

    static String begin(String name) {
        return "<!-- " + name + " settings: generated from the declarations; SettingTablesTest checks it -->\n";
    }

    static String end(String name) {
        return "<!-- end of " + name + " settings -->";
    }
}
