/**
 * The application facts detectors need, read from a flow's first payload bytes: which
 * protocol it speaks (services run on odd ports and attackers know it, so the port alone is
 * a guess), DNS questions and answer codes, and the TLS version a handshake negotiated.
 * Parsers are bounds-checked and return nothing rather than throw on garbage.
 */
package io.vigil.collector.app;
