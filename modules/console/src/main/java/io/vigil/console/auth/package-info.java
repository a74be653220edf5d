/**
 * Who may use the console and how they prove it: roles, the local users file with slow salted
 * hashes, lock-out, signed session cookies and CSRF tokens, and OpenID Connect sign-in.
 */
package io.vigil.console.auth;
