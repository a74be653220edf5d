/**
 * The {@code vigil} launcher: one subcommand per role ({@code collector}, {@code detector},
 * {@code notifier}), the offline contract ({@code analyze}, {@code flows}), the simulator
 * ({@code simulate}) and the {@code demo}. It is the only module that wires roles together
 * and the one that owns the embedded default: without {@code --bootstrap}, a command runs
 * on an in-process broker.
 */
package io.vigil.cli;
