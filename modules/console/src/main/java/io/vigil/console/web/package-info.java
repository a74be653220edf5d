/**
 * The console's pages: the HTTPS server and its guard (sessions, CSRF, security headers), the
 * queue with its live feed, an alert's page and its triage, suppressions, sign-in, and the
 * assets, all served from the jar. Templates are in {@code src/main/jte}, compiled at build.
 */
package io.vigil.console.web;
