package io.vigil.collector.capture;

import io.vigil.runtime.FileProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a capture file before libpcap sees it, so every problem gets a clear message. */
public final class CaptureFiles {

    /** The format of a file, from its first four bytes. */
    public enum Format { PCAP, PCAP_NANO, PCAPNG }

    private CaptureFiles() {}

    public static Format check(Path file) throws CaptureInputException {
        if (Files.isDirectory(file)) throw new CaptureInputException(file + ": is a directory, not a capture file");
        // A FIFO, a device or a socket would block the read below forever (or never end): files only.
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new CaptureInputException(file + ": is not a regular file (a pipe or a device?); give a capture file");
        }
        byte[] head = new byte[24];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new CaptureInputException(FileProblem.of(file, e));
        }
        if (n == 0) throw new CaptureInputException(file + ": is empty, not a capture file");
        if (n < 4) throw new CaptureInputException(file + ": is only " + n + " bytes, not a capture file");
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        Format format;
        switch (magic) {
            case 0xa1b2c3d4: case 0xd4c3b2a1:
                format = Format.PCAP;
                break;
            case 0xa1b23c4d: case 0x4d3cb2a1:
                format = Format.PCAP_NANO;
                break;
            case 0x0a0d0d0a:
                format = Format.PCAPNG;
                break;
            default:
                throw new CaptureInputException(file + ": not a pcap or pcapng file (starts with "
                        + String.format("%02x %02x %02x %02x", head[0], head[1], head[2], head[3]) + ")");
        }
        if (format != Format.PCAPNG && n < 24) {
            throw new CaptureInputException(file + ": truncated pcap header (" + n + " of 24 bytes)");
        }
        return format;
    }
}
