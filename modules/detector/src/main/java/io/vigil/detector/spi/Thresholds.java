package io.vigil.detector.spi;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Every detector's thresholds for one site. Each detector declares its own {@link Group} where
 * it is written — the keys (kind, default, check, meaning) and how its settings record is made
 * from them — and {@code Detectors} lists the groups; reading the file, {@code --check}, the
 * defaults, the checks and the reference table all come from those declarations. A site may
 * override any key; what it leaves out is the general value.
 */
public final class Thresholds {

    private final Map<Group<?>, Object> groups;
    /** The same values by each group's number: {@link #get} is on the path of every flow, several times. */
    private final Object[] byIndex;
    // code, not settings: the same for every site, and left out of equality
    private final Map<AlertType, EpisodePolicy> policies;

    private Thresholds(Map<Group<?>, Object> groups, Map<AlertType, EpisodePolicy> policies) {
        this.groups = Collections.unmodifiableMap(groups);
        this.byIndex = new Object[Group.COUNT.get()];
        groups.forEach((g, c) -> byIndex[g.index] = c);
        this.policies = policies;
    }

    /**
     * Every group given at its declared defaults, and the types whose episodes keep their own
     * times ({@code Detectors.thresholds()} gives them all).
     */
    public static Thresholds of(List<Group<?>> declared, Map<AlertType, EpisodePolicy> policies) {
        Map<Group<?>, Object> m = new LinkedHashMap<>();
        for (Group<?> g : declared) m.put(g, g.defaults());
        return new Thresholds(m, policies.isEmpty() ? Map.of() : new EnumMap<>(policies));
    }

    /** The settings of one detector. */
    @SuppressWarnings("unchecked")
    public <C> C get(Group<C> g) {
        Object c = g.index < byIndex.length ? byIndex[g.index] : null;
        if (c == null) throw new IllegalArgumentException("the thresholds of " + g.name() + " are not among these (is it in Detectors?)");
        return (C) c;
    }

    /** A copy with one detector's settings replaced: a site's own settings in code (tests, the benchmark). */
    public <C> Thresholds with(Group<C> g, C value) {
        get(g);
        Map<Group<?>, Object> m = new LinkedHashMap<>(groups);
        m.put(g, value);
        return new Thresholds(m, policies);
    }

    /**
     * The thresholds written under {@code prefix} ({@code thresholds}, or
     * {@code sites.NAME.thresholds}), each key left out taken from these.
     */
    public Thresholds read(ConfigTree t, String prefix) {
        Map<Group<?>, Object> m = new LinkedHashMap<>();
        for (Group<?> g : groups.keySet()) m.put(g, g.read(t, prefix, this));
        return new Thresholds(m, policies);
    }

    /** How long an episode of {@code a}'s type may be quiet before it ends. */
    public long quietMs(Alert a) {
        return policies.getOrDefault(a.type(), EpisodePolicy.DEFAULT).quiet().apply(a, this).toMillis();
    }

    /** After an episode ends, renewed activity within this time reopens it rather than paging again. */
    public long suppressMs(AlertType type) {
        return policies.getOrDefault(type, EpisodePolicy.DEFAULT).suppress().apply(this).toMillis();
    }

    /** Every problem, named by the keys as the file writes them under {@code thresholds}. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        groups.forEach((g, c) -> p.addAll(g.problemsOf(c)));
        return p;
    }

    /** The thresholds as the file writes them, group by group, for {@code --check}. */
    public Map<String, Object> shown() {
        Map<String, Object> m = new LinkedHashMap<>();
        groups.forEach((g, c) -> m.put(g.name(), g.shownOf(c)));
        return m;
    }

    /** Every key, as {@code --check} and the docs name it ({@code port-scan.ports}), in declaration order. */
    public List<Setting<?>> keys() {
        List<Setting<?>> all = new ArrayList<>();
        for (Group<?> g : groups.keySet()) all.addAll(g.settings());
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thresholds t && t.groups.equals(groups);
    }

    @Override
    public int hashCode() {
        return groups.hashCode();
    }

    @Override
    public String toString() {
        return "Thresholds" + shown();
    }

    /** A key of a group named within it ({@code ports}), and where its value is in the group's record. */
    public static <C, T> Key<C, T> key(Setting<T> setting, Function<C, T> of) {
        return new Key<>(setting, of);
    }

    /**
     * One detector's thresholds: the group's name in the file ({@code port-scan}), its keys and
     * how its settings record {@code C} is made from their values. A detector declares its keys
     * and then its group as static fields, where its code is.
     */
    public static final class Group<C> {
        /** Groups made so far; each has its own number, its place in {@link #byIndex}. */
        static final AtomicInteger COUNT = new AtomicInteger();
        private final int index;
        private final String name;
        private final Function<Values<C>, C> make;
        private final List<Key<C, ?>> keys;
        private final Function<C, List<String>> across;

        private Group(String name, Function<Values<C>, C> make, List<Key<C, ?>> keys, Function<C, List<String>> across) {
            this(COUNT.getAndIncrement(), name, make, keys, across);
        }

        private Group(int index, String name, Function<Values<C>, C> make, List<Key<C, ?>> keys,
                Function<C, List<String>> across) {
            this.index = index;
            this.name = name;
            this.make = make;
            this.keys = keys;
            this.across = across;
        }

        /** A group named {@code name} of {@code keys}, whose record {@code make} builds from their values. */
        @SafeVarargs
        public static <C> Group<C> of(String name, Function<Values<C>, C> make, Key<C, ?>... keys) {
            return new Group<>(name, make, List.of(keys), c -> List.of());
        }

        /** The same group with a check between its keys (a longest period longer than the shortest), said as whole lines. */
        public Group<C> across(Function<C, List<String>> check) {
            return new Group<>(index, name, make, keys, check);
        }

        public String name() {
            return name;
        }

        /** The keys as the file names them under {@code thresholds}: {@code port-scan.ports}. */
        public List<Setting<?>> settings() {
            return keys.stream().<Setting<?>>map(k -> k.setting().under(name)).toList();
        }

        C defaults() {
            Values<C> v = new Values<>();
            for (Key<C, ?> k : keys) v.values.put(k, k.setting().def());
            return make.apply(v);
        }

        C read(ConfigTree t, String prefix, Thresholds base) {
            C from = base.get(this);
            Values<C> v = new Values<>();
            for (Key<C, ?> k : keys) v.values.put(k, k.read(t, prefix + "." + name, from));
            return make.apply(v);
        }

        List<String> problemsOf(Object record) {
            @SuppressWarnings("unchecked") C c = (C) record;
            List<String> p = new ArrayList<>();
            for (Key<C, ?> k : keys) {
                String x = k.problem(name, c);
                if (x != null) p.add(x);
            }
            p.addAll(across.apply(c));
            return p;
        }

        Map<String, Object> shownOf(Object record) {
            @SuppressWarnings("unchecked") C c = (C) record;
            Map<String, Object> m = new LinkedHashMap<>();
            for (Key<C, ?> k : keys) m.put(k.setting().key(), k.shown(c));
            return m;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One threshold: its setting ({@code ports}, named within its group) and where its value is in the group's record. */
    public record Key<C, T>(Setting<T> setting, Function<C, T> of) {

        T read(ConfigTree t, String prefix, C from) {
            return setting.under(prefix).withDefault(of.apply(from)).read(t);
        }

        String problem(String group, C c) {
            return setting.under(group).problem(of.apply(c));
        }

        Object shown(C c) {
            return setting.shown(of.apply(c));
        }
    }

    /** The values of a group's keys, for making its record. */
    public static final class Values<C> {
        private final Map<Key<C, ?>, Object> values = new LinkedHashMap<>();

        @SuppressWarnings("unchecked")
        public <T> T get(Key<C, T> k) {
            return (T) values.get(k);
        }
    }
}
