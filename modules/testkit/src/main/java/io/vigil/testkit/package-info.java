/**
 * Test fixtures shared by every module's tests: a real in-process Kafka broker as a JUnit
 * extension with typed produce/consume helpers (and the dead letters), builders for flow
 * records and the tests' one start time, a record mutator for fuzzing, a loopback webhook
 * receiver, TLS material, and softflowd as a real NetFlow exporter.
 */
package io.vigil.testkit;
