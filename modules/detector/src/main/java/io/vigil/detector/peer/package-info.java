/**
 * The peer stage: everything about one outside peer meets here, keyed by the peer's network.
 * It learns which of the site's hosts use which peers (prevalence) and judges the host
 * stage's candidates with it: {@code beaconing}, {@code exfiltration}, and DNS tunnels asked
 * straight of a server that is not a resolver of the site. A rare peer weighs more than one
 * every workstation uses.
 */
package io.vigil.detector.peer;
