/**
 * Test fixtures shared by every module's tests: a real in-process Kafka broker as a JUnit
 * extension with typed produce/consume helpers, and builders for flow records.
 */
package io.vigil.testkit;
