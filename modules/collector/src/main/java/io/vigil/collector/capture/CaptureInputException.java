package io.vigil.collector.capture;

/**
 * A problem with capture input that the user can fix: the message is one line naming the
 * file (or interface) and what is wrong, fit to print as it is, without a stack trace.
 */
public final class CaptureInputException extends Exception {

    public CaptureInputException(String message) {
        super(message, null, false, false);
    }
}
