package io.vigil.bench;

import picocli.CommandLine.Option;

/**
 * The simulated estate the detector and soak benchmarks drive (a picocli mixin, so both
 * describe it the same way): how many internal hosts, how many flows a second of event time
 * they make, and over how many partitions of the flows topic.
 */
final class EstateOptions {

    @Option(names = "--rate", defaultValue = "20000",
            description = "flows per second of event time the simulated estate makes (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--hosts", defaultValue = "20000", description = "internal hosts across the estate (default: ${DEFAULT-VALUE})")
    int hosts;

    @Option(names = "--partitions", defaultValue = "4", description = "flows topic partitions (default: ${DEFAULT-VALUE})")
    int partitions;
}
