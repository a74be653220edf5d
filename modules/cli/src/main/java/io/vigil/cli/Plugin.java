package io.vigil.cli;

/**
 * A {@code vigil} subcommand that lives in another module (the benchmarks do), found with
 * {@link java.util.ServiceLoader} so this module need not depend on it. An implementation is a
 * picocli {@code @Command} with a public no-argument constructor, listed in
 * {@code META-INF/services/io.vigil.cli.Plugin}.
 */
public interface Plugin {}
