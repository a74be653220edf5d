package io.vigil.cli;

/** What {@code vigil}'s exit status means; documented in docs/cli.md. */
public final class ExitCodes {
    /** Done, and the input was read whole. */
    public static final int OK = 0;
    /** Vigil itself failed (a bug, or a broker that died): the message says what. */
    public static final int FAILURE = 1;
    /** A user mistake (flag, missing or foreign file, unreachable broker): nothing was done. */
    public static final int USAGE = 2;
    /** The input was damaged: everything before the damage was processed and written. */
    public static final int DAMAGED_INPUT = 3;

    private ExitCodes() {}
}
