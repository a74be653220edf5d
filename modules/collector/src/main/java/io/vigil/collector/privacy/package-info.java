/**
 * Pseudonymisation of internal addresses before anything leaves the agent: a keyed HMAC
 * (the key read from a file that stays on site), so the same host always gets the same
 * pseudonym and detectors still work, while only someone holding the key can tell which
 * pseudonym is which host.
 */
package io.vigil.collector.privacy;
