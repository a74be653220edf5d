/**
 * Delivery channels: the console (one human line per alert), the webhook (signed JSON, Slack,
 * Teams), e-mail (SMTP over TLS) and syslog (CEF over TLS). Each kind is a
 * {@link io.vigil.notifier.channel.ChannelType} registered by name in
 * {@link io.vigil.notifier.channel.ChannelTypes}: it reads and checks its own settings. A
 * channel throws {@link io.vigil.notifier.channel.DeliveryException} when a delivery did not
 * happen, and the notifier retries.
 */
package io.vigil.notifier.channel;
