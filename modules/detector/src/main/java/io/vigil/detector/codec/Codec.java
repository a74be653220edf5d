package io.vigil.detector.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form for detector state that is read and written on every flow. JSON
 * cost most of the detector's time (formatting and parsing the baselines' doubles); this
 * is a version byte and the fields in order, through plain byte-buffer puts. A state written
 * by a newer version is refused with a clear error rather than misread.
 */
public interface Codec<T> {

    void write(T value, Out out);

    T read(In in, int version);

    /** The version written now; {@link #read} gets the stored one. */
    int version();

    /** A codec from its version, how it writes and how it reads. */
    static <T> Codec<T> of(int version, BiConsumer<T, Out> writer, BiFunction<In, Integer, T> reader) {
        return new Codec<>() {
            @Override
            public void write(T value, Out out) {
                writer.accept(value, out);
            }

            @Override
            public T read(In in, int stored) {
                return reader.apply(in, stored);
            }

            @Override
            public int version() {
                return version;
            }
        };
    }

    /** One buffer per thread: a stream thread serialises one value at a time, and the bytes are copied out. */
    ThreadLocal<Out> OUT = ThreadLocal.withInitial(Out::new);

    /**
     * Where a codec writes: a growable byte array, reused for every value a thread writes, so
     * a state larger than a first guess does not grow a fresh buffer on every write.
     */
    final class Out {
        private byte[] buf = new byte[1024];
        private ByteBuffer bb = ByteBuffer.wrap(buf);

        void reset() {
            bb.clear();
        }

        private void room(int n) {
            if (bb.remaining() >= n) return;
            int pos = bb.position();
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            bb = ByteBuffer.wrap(buf);
            bb.position(pos);
        }

        public void putLong(long v) {
            room(8);
            bb.putLong(v);
        }

        public void putInt(int v) {
            room(4);
            bb.putInt(v);
        }

        public void putDouble(double v) {
            room(8);
            bb.putDouble(v);
        }

        public void putBoolean(boolean v) {
            room(1);
            bb.put((byte) (v ? 1 : 0));
        }

        public void putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            room(4 + b.length);
            bb.putInt(b.length).put(b);
        }

        /** A string that may be absent: a flag, then the string where there is one. */
        public void putNullable(String s) {
            putBoolean(s != null);
            if (s != null) putString(s);
        }

        /** A count, then each item as {@code item} writes it. */
        public <E> void putAll(Collection<E> items, BiConsumer<Out, E> item) {
            putInt(items.size());
            for (E e : items) item.accept(this, e);
        }

        /** A count, then each entry's key and value. */
        public <K, V> void putMap(Map<K, V> m, BiConsumer<Out, K> key, BiConsumer<Out, V> value) {
            putInt(m.size());
            for (Map.Entry<K, V> e : m.entrySet()) {
                key.accept(this, e.getKey());
                value.accept(this, e.getValue());
            }
        }

        public void putBytes(byte[] b) {
            room(4 + b.length);
            bb.putInt(b.length).put(b);
        }

        void putByte(int v) {
            room(1);
            bb.put((byte) v);
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, bb.position());
        }
    }

    /** Where a codec reads from. */
    final class In {
        private final ByteBuffer bb;

        In(byte[] b) {
            bb = ByteBuffer.wrap(b);
        }

        public static In of(byte[] b) {
            return new In(b);
        }

        /**
         * A length or count read from the bytes, checked against what is left (each item takes
         * at least {@code itemBytes}): a damaged length is refused, never allocated.
         */
        public int getCount(int itemBytes) {
            int n = bb.getInt();
            if (n < 0 || (long) n * itemBytes > bb.remaining()) {
                throw new IllegalStateException("a length of " + n + " where " + bb.remaining() + " bytes are left");
            }
            return n;
        }

        public long getLong() {
            return bb.getLong();
        }

        public int getInt() {
            return bb.getInt();
        }

        public double getDouble() {
            return bb.getDouble();
        }

        public boolean getBoolean() {
            return bb.get() != 0;
        }

        /** What {@link Out#putNullable} wrote. */
        public String getNullable() {
            return getBoolean() ? getString() : null;
        }

        /** What {@link Out#putAll} wrote, added to {@code into}. */
        public <E, C extends Collection<E>> C getAll(C into, Function<In, E> item) {
            for (int i = getInt(); i > 0; i--) into.add(item.apply(this));
            return into;
        }

        /** What {@link Out#putMap} wrote, put in {@code into}. */
        public <K, V, M extends Map<K, V>> M getMap(M into, Function<In, K> key,
                Function<In, V> value) {
            for (int i = getInt(); i > 0; i--) {
                K k = key.apply(this);
                into.put(k, value.apply(this));
            }
            return into;
        }

        public String getString() {
            int n = getCount(1);
            String s = new String(bb.array(), bb.position(), n, StandardCharsets.UTF_8);
            bb.position(bb.position() + n);
            return s;
        }

        public byte[] getBytes() {
            byte[] b = new byte[getCount(1)];
            bb.get(b);
            return b;
        }

        int getByte() {
            return bb.get() & 0xff;
        }
    }

    /** A Kafka serde over this codec. */
    default Serde<T> serde(String what) {
        Codec<T> codec = this;
        return new Serde<>() {
            @Override
            public Serializer<T> serializer() {
                return (topic, v) -> {
                    if (v == null) return null;
                    Out out = OUT.get();
                    out.reset();
                    out.putByte(codec.version());
                    codec.write(v, out);
                    return out.bytes();
                };
            }

            @Override
            public Deserializer<T> deserializer() {
                return (topic, b) -> {
                    if (b == null) return null;
                    try {
                        In in = new In(b);
                        int v = in.getByte();
                        if (v > codec.version()) {
                            throw new SerializationException(what + " state of version " + v + " is newer than this "
                                    + "detector (" + codec.version() + "): upgrade the detector");
                        }
                        return codec.read(in, v);
                    } catch (RuntimeException e) {
                        if (e instanceof SerializationException) throw e;
                        throw new SerializationException("cannot read " + what + " state: " + e, e);
                    }
                };
            }

            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {}

            @Override
            public void close() {}
        };
    }
}
