package io.vigil.runtime.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vigil.runtime.FileProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role's configuration: a YAML file, then environment overrides, then command-line flags,
 * read through typed getters that collect every problem (with the key's path) instead of
 * stopping at the first. Keys nobody read are reported too: a typo must not be silently ignored.
 *
 * <p>Environment: {@code VIGIL_<PATH>} with {@code __} between levels and {@code _} for
 * {@code -}, e.g. {@code VIGIL_FLOW__ACTIVE_TIMEOUT=30s}; under {@code kafka} the {@code _}
 * are dots: {@code VIGIL_KAFKA__SSL_TRUSTSTORE_PASSWORD}. A string value
 * {@code ${file:/path}} is read from that file (for secrets kept out of config files).
 */
public final class ConfigTree {

    /** YAML in the config files' own dialect: kebab-case keys, durations as ISO-8601 ("PT5M"). */
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            // a key written twice is a mistake: YAML would keep the last one without a word
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern FILE_REF = Pattern.compile("\\$\\{file:([^}]+)}");

    private final ObjectNode root;
    private final String source;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> used = new LinkedHashSet<>();
    /** Where a value was read from a file, the key's path to the reference: --check prints the reference, never the value. */
    private final Map<String, String> fileRefs;
    /** Sections whose keys are free-form (passed through), e.g. kafka. */
    private final Set<String> openSections = new LinkedHashSet<>();
    /** Where this tree stands in its file: empty, or a section's key and a dot ({@link #child}). */
    private final String prefix;

    private ConfigTree(ObjectNode root, String source) {
        this(root, source, "", new HashMap<>());
    }

    private ConfigTree(ObjectNode root, String source, String prefix, Map<String, String> fileRefs) {
        this.root = root;
        this.source = source;
        this.prefix = prefix;
        this.fileRefs = fileRefs;
    }

    /**
     * The section {@code key} as a tree of its own, read by a role's own reader (as
     * {@code vigil standalone} reads its {@code collector:}, {@code detector:} and
     * {@code notifier:} sections); its problems name keys from the file's top
     * ({@code collector.capture.snaplen}).
     */
    public ConfigTree child(String key) {
        openSections.add(key);
        JsonNode n = root.get(key);
        if (n != null && !n.isNull() && !n.isObject()) problem(key, "must be a mapping of settings");
        ObjectNode sub = n instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        // one map of file references, by the key from the top: --check prints the whole file
        return new ConfigTree(sub, source, prefix + key + ".", fileRefs);
    }

    public static ConfigTree load(Path file, Map<String, String> env) {
        ConfigTree t = new ConfigTree(ConfigSources.read(file), file == null ? "config" : file.toString());
        env.forEach((k, v) -> {
            String[] path = ConfigSources.envPath(k);
            if (path != null) t.setPath(path, v);
        });
        return t;
    }

    /** A command-line flag: wins over the file and the environment. */
    public void set(String path, Object value) {
        if (value == null) return;
        setPath(path.split("\\."), value);
    }

    /** A command-line flag for a declared setting. */
    public void set(Setting<?> setting, Object value) {
        set(setting.key(), value);
    }

    private void setPath(String[] parts, Object value) {
        ObjectNode n = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode c = n.get(parts[i]);
            if (!(c instanceof ObjectNode)) {
                c = n.putObject(parts[i]);
            }
            n = (ObjectNode) c;
        }
        n.set(parts[parts.length - 1], YAML.valueToTree(value));
    }

    private JsonNode node(String path) {
        used.add(path);
        return peek(path);
    }

    /** The node at {@code path} without counting it as read (for containers whose leaves are read). */
    private JsonNode peek(String path) {
        JsonNode n = root;
        for (String p : path.split("\\.")) {
            if (n == null) break;
            n = n.isArray() && p.chars().allMatch(Character::isDigit) ? n.get(Integer.parseInt(p)) : n.get(p);
        }
        return n == null || n.isNull() ? null : n;
    }

    private void problem(String path, String what) {
        problems.add(path + ": " + what);
    }

    public String string(String path, String def) {
        JsonNode n = node(path);
        if (n == null) return def;
        if (!n.isValueNode()) {
            problem(path, "must be a single value");
            return def;
        }
        return resolve(path, n.asText());
    }

    private String resolve(String path, String v) {
        Matcher m = FILE_REF.matcher(v.trim());
        if (!m.matches()) return v;
        Path f = Path.of(m.group(1));
        try {
            String value = Files.readString(f).trim();
            fileRefs.put(prefix + path, "${file:" + f + "}");
            return value;
        } catch (IOException e) {
            problem(path, "cannot read " + f + " (" + FileProblem.of(e) + ")");
            return null;
        }
    }

    public int integer(String path, int def) {
        JsonNode n = node(path);
        if (n == null) return def;
        if (n.canConvertToInt() && n.isIntegralNumber()) return n.intValue();
        try {
            return Integer.parseInt(n.asText().trim());
        } catch (NumberFormatException e) {
            problem(path, "'" + n.asText() + "' is not a whole number");
            return def;
        }
    }

    public boolean bool(String path, boolean def) {
        JsonNode n = node(path);
        if (n == null) return def;
        if (n.isBoolean()) return n.booleanValue();
        String s = n.asText().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes")) return true;
        if (s.equals("false") || s.equals("no")) return false;
        problem(path, "'" + n.asText() + "' is not true or false");
        return def;
    }

    public Duration duration(String path, Duration def) {
        JsonNode n = node(path);
        if (n == null) return def;
        String s = n.asText().trim();
        Duration d = Units.duration(s);
        if (d != null) return d;
        problem(path, "'" + s + "' is not a duration (like 250ms, 60s, 5m, 1h)");
        return def;
    }

    public double decimal(String path, double def) {
        JsonNode n = node(path);
        if (n == null) return def;
        if (n.isNumber()) return n.doubleValue();
        try {
            return Double.parseDouble(n.asText().trim());
        } catch (NumberFormatException e) {
            problem(path, "'" + n.asText() + "' is not a number");
            return def;
        }
    }

    /** How many entries the list at {@code path} has (0 when absent). */
    public int count(String path) {
        JsonNode n = peek(path);
        if (n == null) return 0;
        if (!n.isArray()) {
            problem(path, "must be a list");
            return 0;
        }
        used.add(path); // an empty list is read too
        for (int i = 0; i < n.size(); i++) used.add(path + "." + i);
        return n.size();
    }

    /** The keys of the mapping at {@code path}. */
    public Set<String> keys(String path) {
        JsonNode n = path.isEmpty() ? root : peek(path);
        Set<String> out = new LinkedHashSet<>();
        if (n != null && n.isObject()) n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    public long bytes(String path, long def) {
        JsonNode n = node(path);
        if (n == null) return def;
        Long v = Units.bytes(n.asText());
        if (v != null) return v;
        problem(path, "'" + n.asText() + "' is not a size (like 64MB, 1GB)");
        return def;
    }

    public Path path(String path, Path def) {
        String s = string(path, null);
        return s == null ? def : Path.of(s);
    }

    public List<String> list(String path, List<String> def) {
        JsonNode n = node(path);
        if (n == null) return def;
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(e -> out.add(resolve(path, e.asText())));
        } else {
            for (String s : n.asText().split(",")) {
                if (!s.isBlank()) out.add(s.trim());
            }
        }
        return out;
    }

    /** A free-form section (string to string), such as the Kafka client properties. */
    public Map<String, String> section(String path) {
        openSections.add(path);
        JsonNode n = node(path);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null) return out;
        if (!n.isObject()) {
            problem(path, "must be a mapping of settings");
            return out;
        }
        flatten(path, "", n, out);
        return out;
    }

    private void flatten(String path, String prefix, JsonNode n, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) flatten(path, key, e.getValue(), out);
            else out.put(key, resolve(path + "." + key, e.getValue().asText()));
        }
    }

    /** Every problem, including keys that no getter read, prefixed with the source. */
    public List<String> problems() {
        List<String> all = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        collectLeaves("", root, unknown);
        for (String u : unknown) all.add(source + ": " + prefix + u + ": unknown setting (a typo?)");
        for (String p : problems) all.add(source + ": " + prefix + p);
        return all;
    }

    private void collectLeaves(String prefix, JsonNode n, List<String> unknown) {
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String path = prefix + "." + i;
                JsonNode v = n.get(i);
                if (v.isObject()) collectLeaves(path, v, unknown);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (openSections.contains(path) || used.contains(path)) continue;
            if (e.getValue().isObject() || (e.getValue().isArray() && e.getValue().size() > 0 && e.getValue().get(0).isObject())) {
                collectLeaves(path, e.getValue(), unknown);
            } else {
                unknown.add(path);
            }
        }
    }

    /** Where these settings came from: the file, or "config". */
    public String source() {
        return source;
    }

    /** Each problem with the file in front, as {@link #problems()} gives its own. */
    public List<String> located(List<String> problems) {
        List<String> out = new ArrayList<>();
        // settings from flags and the environment alone have no file to name
        for (String p : problems) {
            out.add(p.startsWith(source + ": ") ? p : source.equals("config") ? prefix + p : source + ": " + prefix + p);
        }
        return out;
    }

    public void addProblem(String p) {
        problems.add(p);
    }

    /** Where a value was read from a file: the key's path to its {@code ${file:PATH}} reference. */
    public Map<String, String> fileRefs() {
        return fileRefs;
    }
}
