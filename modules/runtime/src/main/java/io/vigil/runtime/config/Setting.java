package io.vigil.runtime.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One setting, declared once (as Kafka's {@code ConfigDef} declares its keys): the key as the
 * file writes it, its kind, default and meaning. The declaration drives everything else —
 * reading it from the file, {@code VIGIL_*} and flags ({@link ConfigTree#set(Setting, Object)}),
 * problems named by this key, {@code --check}'s output (shown so that it reads back the same)
 * and the reference table in docs/configuration.md ({@link #table}), which a test holds to
 * the declarations.
 *
 * @param def the default; null where the setting has none (then it is left out of --check)
 * @param flag the command-line flag that sets it too; null where it has none
 * @param check what a value must be, as a problem (null when it is fine); null where any value does
 */
public record Setting<T>(String key, Kind kind, T def, String doc, Flag flag, Check<T> check) {

    /**
     * How a value is written in the file, read and shown back: a whole number, a decimal, a
     * duration ({@code 5m}), a size ({@code 64MB}), a path, a list, a set (shown sorted), a set
     * of port numbers, or a free-form section.
     */
    public enum Kind { TEXT, NUMBER, DECIMAL, FLAG, DURATION, SIZE, PATH, LIST, SET, PORTS, SECTION }

    /** What a value must be: the problem with {@code value}, or null when there is none. */
    @FunctionalInterface
    public interface Check<T> {
        String problem(T value);
    }

    /**
     * A flag for the setting: {@code --snaplen BYTES}. A flag of kind {@code FLAG} takes no
     * value; one named {@code --no-…} turns the setting off.
     */
    public record Flag(String name, String label) {}

    public Setting(String key, Kind kind, T def, String doc) {
        this(key, kind, def, doc, null, null);
    }

    public static Setting<String> text(String key, String def, String doc) {
        return new Setting<>(key, Kind.TEXT, def, doc);
    }

    public static Setting<Integer> number(String key, Integer def, String doc) {
        return new Setting<>(key, Kind.NUMBER, def, doc);
    }

    public static Setting<Boolean> flag(String key, boolean def, String doc) {
        return new Setting<>(key, Kind.FLAG, def, doc);
    }

    public static Setting<Double> decimal(String key, double def, String doc) {
        return new Setting<>(key, Kind.DECIMAL, def, doc);
    }

    public static Setting<Duration> duration(String key, Duration def, String doc) {
        return new Setting<>(key, Kind.DURATION, def, doc);
    }

    public static Setting<Long> size(String key, long def, String doc) {
        return new Setting<>(key, Kind.SIZE, def, doc);
    }

    public static Setting<Path> path(String key, Path def, String doc) {
        return new Setting<>(key, Kind.PATH, def, doc);
    }

    public static Setting<List<String>> list(String key, List<String> def, String doc) {
        return new Setting<>(key, Kind.LIST, def, doc);
    }

    /** A set of words, shown sorted: order means nothing in it. */
    public static Setting<Set<String>> set(String key, Set<String> def, String doc) {
        return new Setting<>(key, Kind.SET, def, doc);
    }

    /** A set of port numbers, written as a list. */
    public static Setting<Set<Integer>> ports(String key, Set<Integer> def, String doc) {
        return new Setting<>(key, Kind.PORTS, def, doc);
    }

    /** A free-form mapping passed through as it is (the Kafka client properties). */
    public static Setting<Map<String, String>> section(String key, String doc) {
        return new Setting<>(key, Kind.SECTION, Map.of(), doc);
    }

    /** The same setting with another default (a role's own port, say). */
    public Setting<T> withDefault(T def) {
        return new Setting<>(key, kind, def, doc, flag, check);
    }

    /** The same setting, also set by the flag {@code name} with a value shown as {@code label}. */
    public Setting<T> flag(String name, String label) {
        return new Setting<>(key, kind, def, doc, new Flag(name, label), check);
    }

    /** The same setting, whose values must pass {@code c}. */
    public Setting<T> check(Check<T> c) {
        return new Setting<>(key, kind, def, doc, flag, c);
    }

    /** The same setting under {@code prefix} ({@code channels.soc} + {@code timeout}); a flag stays with the top-level key. */
    public Setting<T> under(String prefix) {
        return new Setting<>(prefix + "." + key, kind, def, doc, null, check);
    }

    /** The problem with {@code value} named by this key ({@code port-scan.ports: must be at least 2}), or null. */
    public String problem(T value) {
        String p = check == null || value == null ? null : check.problem(value);
        return p == null ? null : key + ": " + p;
    }

    /** The flag's help: the file's key, the meaning and the default. */
    public String help() {
        Object d = shown(def);
        boolean none = d == null || (d instanceof List<?> l && l.isEmpty()) || d.toString().isEmpty();
        // the key first: help text wraps at dots, and a key cut in two cannot be searched for
        return key + ": " + doc.replace("`", "") + (none ? "" : "; default " + (d instanceof List<?> l ? String.join(", ",
                l.stream().map(String::valueOf).toList()) : d));
    }

    /** The value in {@code t} (file, environment, flags), or the default; a bad value is a problem under this key. */
    @SuppressWarnings("unchecked")
    public T read(ConfigTree t) {
        Object v = switch (kind) {
            case TEXT -> t.string(key, (String) def);
            case NUMBER -> def == null ? (t.string(key, null) == null ? null : t.integer(key, 0)) : t.integer(key, (Integer) def);
            case DECIMAL -> t.decimal(key, (Double) def);
            case FLAG -> t.bool(key, (Boolean) def);
            case DURATION -> t.duration(key, (Duration) def);
            case SIZE -> t.bytes(key, (Long) def);
            case PATH -> t.path(key, (Path) def);
            case LIST -> t.list(key, (List<String>) def);
            case SET -> {
                List<String> given = t.list(key, null);
                yield given == null ? def : Set.copyOf(given);
            }
            case PORTS -> ports(t);
            case SECTION -> t.section(key);
        };
        return (T) v;
    }

    @SuppressWarnings("unchecked")
    private Set<Integer> ports(ConfigTree t) {
        List<String> given = t.list(key, null);
        if (given == null) return (Set<Integer>) def;
        Set<Integer> out = new LinkedHashSet<>();
        for (String s : given) {
            try {
                out.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                t.addProblem(key + ": '" + s + "' is not a port number");
            }
        }
        return Set.copyOf(out);
    }

    /** The value as the file writes it, so that {@code --check}'s output reads back as the same setting. */
    public Object shown(Object value) {
        if (value == null) return null;
        return switch (kind) {
            case DURATION -> Units.text((Duration) value);
            case SIZE -> Units.text((Long) value);
            case PATH -> value.toString();
            case SET, PORTS -> List.copyOf(new TreeSet<>((Set<?>) value));
            default -> value;
        };
    }

    /** The environment variable that sets this key ({@link ConfigTree#load}'s rule). */
    public String env() {
        String[] parts = key.split("\\.");
        StringBuilder b = new StringBuilder("VIGIL_");
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) b.append("__");
            b.append(parts[i].replace('-', '_').toUpperCase(Locale.ROOT));
        }
        return b.toString();
    }

    /** What was read, setting by setting, in declaration order. */
    public static final class Values {
        // by key: a role's copy of a shared setting (another default) is the same setting
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final List<Setting<?>> declared = new ArrayList<>();

        public static Values read(ConfigTree t, List<Setting<?>> declared) {
            Values v = new Values();
            for (Setting<?> s : declared) {
                v.values.put(s.key(), s.read(t));
                v.declared.add(s);
            }
            return v;
        }

        @SuppressWarnings("unchecked")
        public <T> T get(Setting<T> s) {
            if (!values.containsKey(s.key())) throw new IllegalArgumentException(s.key() + " was not read");
            return (T) values.get(s.key());
        }

        /** Puts the value a role settled on (a default made at start, say) where --check shows it. */
        public <T> void settle(Setting<T> s, T value) {
            if (!values.containsKey(s.key())) throw new IllegalArgumentException(s.key() + " was not read");
            values.put(s.key(), value);
        }

        /** The settings in the file's own shape (nested by the dots of each key), for {@code --check}. */
        public ObjectNode effective() {
            ObjectNode root = ConfigTree.YAML.createObjectNode();
            for (Setting<?> s : declared) {
                Object v = values.get(s.key());
                Object shown = s.shown(v);
                // an empty list whose default is empty reads back the same when left out
                if (shown == null || (v instanceof List<?> l && l.isEmpty() && (s.def() == null || s.def().equals(List.of())))) {
                    continue;
                }
                String[] parts = s.key().split("\\.");
                ObjectNode n = root;
                for (int i = 0; i < parts.length - 1; i++) n = n.has(parts[i]) ? (ObjectNode) n.get(parts[i]) : n.putObject(parts[i]);
                n.set(parts[parts.length - 1], ConfigTree.YAML.valueToTree(shown));
            }
            return root;
        }
    }

    /** The reference table for docs/configuration.md: key, environment variable, default, meaning. */
    public static String table(List<Setting<?>> declared) {
        return table(declared, "");
    }

    /**
     * The table of settings that stand under {@code prefix} ({@code channels.NAME}); an empty
     * prefix is the top level, a null one a list's entries, which no variable can set.
     */
    public static String table(List<Setting<?>> declared, String prefix) {
        StringBuilder b = new StringBuilder("| key | environment | default | what it is |\n|---|---|---|---|\n");
        for (Setting<?> s : declared) {
            Object d = s.shown(s.def());
            String shown = d == null ? "—" : d instanceof List<?> l ? (l.isEmpty() ? "—" : String.join(", ", l.stream().map(String::valueOf).toList()))
                    : d instanceof Map<?, ?> m ? (m.isEmpty() ? "—" : m.toString()) : d.toString();
            String env = prefix == null ? "—"
                    : "`" + (prefix.isEmpty() ? s : s.under(prefix)).env() + (s.kind() == Kind.SECTION ? "__…" : "") + "`";
            b.append("| `").append(s.key()).append("` | ").append(env).append(" | ").append(shown.isEmpty() ? "—" : shown)
                    .append(" | ").append(s.doc()).append(" |\n");
        }
        return b.toString();
    }
}
