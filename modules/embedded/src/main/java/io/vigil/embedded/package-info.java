/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) started
 * inside the JVM on 127.0.0.1 with ephemeral ports and a temporary directory. It is the
 * embedded default of every {@code vigil} command given no {@code --bootstrap}, and the
 * broker of every integration test: no installed Kafka, no Docker.
 */
package io.vigil.embedded;
