/**
 * The platform sandbox: X, Facebook/Instagram (Graph), Mastodon and Bluesky answered on localhost the way their
 * APIs answer, with a control plane for tests and tools (recorded posts, accepted tokens, throttling and slow
 * answers on demand).
 */
package io.careloop.local.sandbox;
