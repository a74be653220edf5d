/**
 * The {@code vigil} launcher and its commands: one per role ({@code collector},
 * {@code detector}, {@code notifier}), the offline contract ({@code analyze}, {@code flows}),
 * {@code audit}, {@code report}, {@code simulate} and the {@code demo}. It is the only module
 * that wires roles together. Its rooms: {@code config} (each role's settings and
 * {@code --check}), {@code runtime} (the Kafka endpoint — a cluster, or the in-process broker
 * that is the embedded default — the ops server, the offline pipeline, progress, terminal,
 * shutdown). The benchmarks are a module of their own ({@code modules/bench}) that adds
 * {@code vigil bench} as a {@link io.vigil.cli.Plugin}; {@code modules/dist} packs all of it
 * into {@code vigil.jar}.
 */
package io.vigil.cli;
