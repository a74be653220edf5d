/**
 * The notifier role: consumes committed alerts and delivers each to every configured
 * channel, retrying until delivered, and commits its offsets only after delivery, so a
 * crash or a channel outage delays a notification but never loses one.
 */
package io.vigil.notifier;
