/**
 * Delivery channels: the console (one human line per alert, for an analyst at a terminal)
 * and the webhook (a JSON POST). A channel throws {@link io.vigil.notifier.channel.DeliveryException}
 * when a delivery did not happen, and the notifier retries.
 */
package io.vigil.notifier.channel;
