package io.vigil.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What happened in the console that is not one alert's triage, on
 * {@code vigil.console-audit.v1} keyed by the user: sign-ins and their failures, lock-outs,
 * sessions refused (a tampered cookie, an expired or wrong token), requests refused (no CSRF
 * token, a role that may not), and every change to a suppression. Append-only: the record a
 * security team asks for after an incident.
 *
 * @param subject what it was about: a suppression id, a path; null for a sign-in
 * @param address the browser's address as the console saw it (staff, not patients: see docs/dpia.md)
 */
public record ConsoleEvent(int v, Instant at, String user, String event, String subject, String detail, String address) {

    public static final int VERSION = 1;
    public static final String SIGNED_IN = "signed_in", SIGNED_OUT = "signed_out", SIGN_IN_FAILED = "sign_in_failed",
            LOCKED_OUT = "locked_out", SESSION_REFUSED = "session_refused", REQUEST_REFUSED = "request_refused",
            SUPPRESSION_CREATED = "suppression_created", SUPPRESSION_RENEWED = "suppression_renewed",
            SUPPRESSION_REVOKED = "suppression_revoked", FLOWS_EXPORTED = "flows_exported",
            PACKETS_FETCHED = "packets_fetched";
    public static final Set<String> EVENTS = Set.of(SIGNED_IN, SIGNED_OUT, SIGN_IN_FAILED, LOCKED_OUT, SESSION_REFUSED,
            REQUEST_REFUSED, SUPPRESSION_CREATED, SUPPRESSION_RENEWED, SUPPRESSION_REVOKED, FLOWS_EXPORTED,
            PACKETS_FETCHED);

    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (v != VERSION) p.add("unsupported version v=" + v);
        if (at == null) p.add("at is missing");
        if (event == null || !EVENTS.contains(event)) p.add("event '" + event + "' is unknown");
        return p;
    }
}
