package io.vigil.cli.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** Whether stderr is a terminal, so progress bars and colour appear only where a person looks. */
public final class Terminal {

    private interface LibC extends Library {
        int isatty(int fd);
    }

    private static final boolean STDERR_TTY = detect(2);
    private static final boolean STDOUT_TTY = detect(1);

    private Terminal() {}

    public static boolean stderr() {
        return STDERR_TTY;
    }

    public static boolean stdout() {
        return STDOUT_TTY;
    }

    private static boolean detect(int fd) {
        if (System.getenv("NO_COLOR") != null && fd == 1) return false;
        try {
            // JNA comes with pcap4j; isatty is the only honest answer for one stream.
            LibC c = Native.load("c", LibC.class);
            return c.isatty(fd) == 1;
        } catch (Throwable e) {
            return System.console() != null;
        }
    }
}
