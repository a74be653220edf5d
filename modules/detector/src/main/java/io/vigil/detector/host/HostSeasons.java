package io.vigil.detector.host;

import io.vigil.detector.baseline.BaselineCodec;
import io.vigil.detector.baseline.Ewma;
import io.vigil.detector.baseline.HostBaseline;
import io.vigil.detector.codec.Codec;
import io.vigil.detector.stage.Store;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A host's hour-of-the-week baselines (bytes sent and connections opened a minute), one record
 * per host and hour of the week, so a minute's fold reads and writes the bucket of its hour
 * alone. Why: kept inside the host's baselines, all 336 EWMAs (8 KB) were decoded, encoded,
 * written to RocksDB and sent to the changelog every minute a host had traffic; closing a
 * host's minute that way was a third of the detector's time over a simulated week. A baseline written by an earlier version, with
 * its hours inside, moves them here the first time its host is seen ({@link #migrate}).
 */
public final class HostSeasons {

    static final int HOURS = 168;

    static final Store<Season> STORE = Store.of("host-seasons", Season.CODEC);

    /** One hour of the week's baselines. */
    public static final class Season {
        public Ewma upload = new Ewma();
        public Ewma flows = new Ewma();

        static final Codec<Season> CODEC = Codec.of(1, (Season s, Codec.Out o) -> {
            BaselineCodec.write(s.upload, o);
            BaselineCodec.write(s.flows, o);
        }, (in, version) -> {
            Season s = new Season();
            s.upload = BaselineCodec.readEwma(in);
            s.flows = BaselineCodec.readEwma(in);
            return s;
        });
    }

    private final KeyValueStore<String, Season> store;

    HostSeasons(KeyValueStore<String, Season> store) {
        this.store = store;
    }

    /** The bucket of {@code host} (its stage key) for the hour of the week of {@code eventMs}; null before its first sample. */
    Season at(String host, long eventMs) {
        return store.get(key(host, HostBaseline.hourOfWeek(eventMs)));
    }

    /** Folds one minute's sample into the bucket of its hour, with the weight the overall baseline uses. */
    void update(String host, long minuteMs, double upload, double flows, double alpha) {
        String key = key(host, HostBaseline.hourOfWeek(minuteMs));
        Season s = store.get(key);
        if (s == null) s = new Season();
        s.upload.update(upload, alpha);
        s.flows.update(flows, alpha);
        store.put(key, s);
    }

    /**
     * Moves the hours an earlier version kept inside {@code b} into their own records and
     * takes them out of {@code b}; true when there were any (then {@code b} must be written back).
     */
    boolean migrate(String host, HostBaselines b) {
        if (b.upload.hours == null && b.flows.hours == null) return false;
        for (int h = 0; h < HOURS; h++) {
            Season s = new Season();
            if (b.upload.hours != null) s.upload = b.upload.hours[h];
            if (b.flows.hours != null) s.flows = b.flows.hours[h];
            if (s.upload.n > 0 || s.flows.n > 0) store.put(key(host, h), s);
        }
        b.upload.hours = null;
        b.flows.hours = null;
        return true;
    }

    /** Deletes every hour of {@code host} (only those there: a delete of nothing would still reach the changelog). */
    void forget(String host) {
        for (int h = 0; h < HOURS; h++) {
            String key = key(host, h);
            if (store.get(key) != null) store.delete(key);
        }
    }

    /** A stage key ({@code site/host}) has no '#': sites and addresses do not. */
    static String key(String host, int hourOfWeek) {
        return host + '#' + hourOfWeek;
    }
}
