package io.vigil.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A seeded mutation fuzzer: starts from valid inputs and breaks them the ways damaged and
 * hostile inputs are broken — bits flipped, bytes set to 0, 0x7f, 0x80 or 0xff, lengths and
 * counts made huge or negative, spans cut out, duplicated or truncated, random bytes spliced
 * in — and hands each mutant to the target, which must not fail in any way its contract does
 * not allow. Deterministic for a seed, so a failure is reproduced by its iteration number.
 * Not coverage-guided (Jazzer would be, at the cost of a native agent in every build): the
 * seeds are chosen to reach each parser's branches.
 *
 * <p>Iterations: {@code vigil.fuzz.iterations} (system property), default a short run for
 * {@code mvn verify}; the long run is documented in BENCHMARKS.md.
 */
public final class Mutator {

    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    /** Iterations per target: the property if set, else {@code fallback}. */
    public static int iterations(int fallback) {
        return Integer.getInteger("vigil.fuzz.iterations", fallback);
    }

    /** Calls {@code target} with {@code n} mutants of the seeds; a failure names the iteration and the input. */
    public void run(List<byte[]> seeds, int n, Consumer<byte[]> target) {
        for (int i = 0; i < n; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] mutant = mutate(seed, 1 + random.nextInt(4));
            try {
                target.accept(mutant);
            } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError("fuzz iteration " + i + " failed on " + mutant.length + " bytes: "
                        + hex(mutant, 96) + ": " + e, e);
            }
        }
    }

    /** {@code rounds} mutations of a copy of {@code in}. */
    public byte[] mutate(byte[] in, int rounds) {
        byte[] b = Arrays.copyOf(in, in.length);
        for (int r = 0; r < rounds; r++) b = once(b);
        return b;
    }

    private byte[] once(byte[] b) {
        if (b.length == 0) return new byte[] {(byte) random.nextInt(256)};
        int at = random.nextInt(b.length);
        switch (random.nextInt(9)) {
            case 0: // flip a bit
                b[at] ^= (byte) (1 << random.nextInt(8));
                return b;
            case 1: { // an interesting byte
                int[] v = {0, 0x7f, 0x80, 0xff, 0x01, 0x3f, 0xc0};
                b[at] = (byte) v[random.nextInt(v.length)];
                return b;
            }
            case 2: { // an interesting 32-bit value (lengths, counts, times), either byte order
                int[] v = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7fff0000, 65535, 65536, 0xffffff00};
                int x = v[random.nextInt(v.length)];
                boolean big = random.nextBoolean();
                for (int k = 0; k < 4 && at + k < b.length; k++) {
                    b[at + k] = (byte) (big ? x >>> (24 - 8 * k) : x >>> (8 * k));
                }
                return b;
            }
            case 3: // truncate
                return Arrays.copyOf(b, at);
            case 4: { // cut a span out
                int len = Math.min(b.length - at, 1 + random.nextInt(16));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                return out;
            }
            case 5: { // duplicate a span
                int len = Math.min(b.length - at, 1 + random.nextInt(32));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                return out;
            }
            case 6: { // splice random bytes in
                int len = 1 + random.nextInt(8);
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at);
                for (int k = 0; k < len; k++) out[at + k] = (byte) random.nextInt(256);
                System.arraycopy(b, at, out, at + len, b.length - at);
                return out;
            }
            case 7: // random byte
                b[at] = (byte) random.nextInt(256);
                return b;
            default: { // swap two bytes
                int other = random.nextInt(b.length);
                byte t = b[at];
                b[at] = b[other];
                b[other] = t;
                return b;
            }
        }
    }

    private static String hex(byte[] b, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) sb.append(String.format("%02x", b[i]));
        return b.length > max ? sb + "…" : sb.toString();
    }
}
