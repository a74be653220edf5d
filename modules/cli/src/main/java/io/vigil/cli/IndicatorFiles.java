package io.vigil.cli;

import io.vigil.intel.IndicatorSources;
import io.vigil.model.Indicator;
import io.vigil.runtime.FileProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Indicator files given on the command line ({@code analyze --indicators}): each read in its
 * format, what was taken and skipped said on stderr, entries already expired left out (as the
 * live pipeline's tombstones would). A file that cannot be read at all stops the command before
 * any work is done; a bad entry never does.
 */
final class IndicatorFiles {

    private static final int SHOWN = 5;

    private IndicatorFiles() {}

    static List<Indicator> read(List<Path> files, boolean quiet) {
        List<Indicator> out = new ArrayList<>();
        Instant now = Instant.now();
        for (Path f : files) {
            IndicatorSources.Parsed p;
            try {
                p = IndicatorSources.read(f.getFileName().toString(), Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UserException("--indicators: " + FileProblem.of(f, e));
            } catch (IllegalArgumentException e) {
                throw new UserException("--indicators: " + f + ": " + e.getMessage());
            }
            int expired = 0;
            for (Indicator i : p.indicators()) {
                if (i.validUntil() != null && i.validUntil().isBefore(now)) expired++;
                else out.add(i);
            }
            if (!quiet) {
                System.err.printf("vigil analyze: %s (%s): %d indicators, %d expired, %d entries skipped%n", f, p.format(),
                        p.indicators().size() - expired, expired, p.skipped().size());
                p.skipped().stream().limit(SHOWN).forEach(x -> System.err.println("  skipped " + x));
                if (p.skipped().size() > SHOWN) System.err.println("  … and " + (p.skipped().size() - SHOWN) + " more");
            }
        }
        return out;
    }
}
