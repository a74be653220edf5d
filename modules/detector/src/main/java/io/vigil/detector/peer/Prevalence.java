package io.vigil.detector.peer;

import io.vigil.detector.codec.DecodedStore;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.Store;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How many of a site's internal hosts used an outside peer over the last days: per address,
 * per network (/24, /48), and per DNS server asked. Fed by the host stage's first contact of
 * each host with each peer each day; read when a candidate about that peer arrives.
 */
public final class Prevalence {

    private static final long DAY = 86_400_000L;

    /**
     * How widely the site uses an outside peer: the internal hosts that contacted its address,
     * and its /24 (/48 for IPv6), over {@code window} (7 days). A peer {@code commonHosts} (5)
     * hosts use is the fleet's (updates, telemetry): beacons to it are reported low.
     */
    public record Config(Duration window, int commonHosts) {}

    static final Thresholds.Key<Config, Duration> WINDOW = Thresholds.key(Setting.duration("window", Duration.ofDays(7),
            "how long the site remembers which hosts used a peer").check(Checks.atLeast(Duration.ofHours(1))),
            Config::window);
    static final Thresholds.Key<Config, Integer> COMMON_HOSTS = Thresholds.key(Setting.number("common-hosts", 5,
            "a peer this many hosts use is the fleet's").check(Checks.atLeast(2)), Config::commonHosts);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("prevalence",
            v -> new Config(v.get(WINDOW), v.get(COMMON_HOSTS)), WINDOW, COMMON_HOSTS);

    /** Who used each peer: per address, network and DNS server. */
    static final Store<Seen> STORE = Store.of("peer-prevalence", Seen.CODEC);

    /** What the site knows of a peer when judging host {@code host}'s traffic to it. */
    record Use(int otherHostsOfAddress, int otherHostsOfNetwork, int otherDnsClients, long firstSeen) {
        /** No other host of the site used this address. */
        boolean rare() {
            return otherHostsOfAddress == 0;
        }

        /**
         * New to the site: no other host used the address, and few used its network (cloud
         * services rotate addresses within a network the fleet knows well).
         */
        boolean novel(int commonHosts) {
            return otherHostsOfAddress == 0 && otherHostsOfNetwork + 1 < commonHosts;
        }

        int users() {
            return otherHostsOfAddress + 1;
        }
    }

    private final DecodedStore<Seen> store;

    Prevalence(KeyValueStore<String, Seen> store) {
        this.store = new DecodedStore<>(store, 20_000);
    }

    void contacts(PeerEvent e, Duration window) {
        int host = e.host().hashCode();
        int day = (int) Math.floorDiv(e.time(), DAY);
        int days = days(window);
        for (String peer : e.contacts()) {
            record(e.site() + (e.dns() ? "|dns:" : "|ip:") + peer, host, day, days, e.time());
        }
        if (!e.dns()) record(e.site() + "|net:" + PeerEvent.prefix(e.peer()), host, day, days, e.time());
    }

    private void record(String key, int host, int day, int days, long time) {
        Seen s = store.get(key);
        if (s == null) {
            s = new Seen();
            s.first = time;
        }
        if (s.use(host, day, days) || s.first > time) {
            s.first = Math.min(s.first, time);
            store.put(key, s);
        }
    }

    Use use(String site, String host, String peer, long time, Duration window) {
        int h = host.hashCode();
        int day = (int) Math.floorDiv(time, DAY);
        int days = days(window);
        Seen ip = store.get(site + "|ip:" + peer);
        Seen net = store.get(site + "|net:" + PeerEvent.prefix(peer));
        Seen dns = store.get(site + "|dns:" + peer);
        return new Use(ip == null ? 0 : ip.others(h, day, days), net == null ? 0 : net.others(h, day, days),
                dns == null ? 0 : dns.others(h, day, days), ip == null ? time : Math.min(ip.first, time));
    }

    /** Forgets peers no host has used within its site's window. */
    void forget(long streamTime, Function<String, Duration> window) {
        int today = (int) Math.floorDiv(streamTime, DAY);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Seen> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Seen> kv = it.next();
                int days = days(window.apply(kv.key.substring(0, kv.key.indexOf('|'))));
                if (kv.value.hosts.values().stream().noneMatch(d -> d > today - days)) old.add(kv.key);
            }
        }
        old.forEach(store::delete);
    }

    private static int days(Duration window) {
        return (int) Math.max(1, window.toDays());
    }
}
