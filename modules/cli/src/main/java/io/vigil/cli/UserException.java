package io.vigil.cli;

/**
 * A mistake the user can fix (a bad file, flag or address). Printed as one line, exit code
 * {@link ExitCodes#USAGE}, no stack trace.
 */
public final class UserException extends RuntimeException {

    private final int exitCode;

    public UserException(String message) {
        this(message, ExitCodes.USAGE);
    }

    public UserException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
