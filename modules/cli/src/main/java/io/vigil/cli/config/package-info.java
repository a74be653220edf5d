/**
 * The roles' settings: one YAML file, then {@code VIGIL_*} environment, then flags
 * ({@link io.vigil.runtime.config.ConfigTree}); a reader per role that checks everything the start
 * checks and names each problem by the file and the key as written; {@code --check}'s output,
 * which is itself a configuration; what each threshold means is declared with its detector.
 */
package io.vigil.cli.config;
