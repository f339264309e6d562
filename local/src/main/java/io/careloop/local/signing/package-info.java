/** Webhook deliveries signed the way each platform signs them. */
package io.careloop.local.signing;
