package io.careloop.reply;

import io.careloop.core.Platform;

/**
 * The platform refuses the brand's credentials (expired or revoked token). Not retried quietly: the case gets
 * an alert, the metric {@code CredentialFailures} counts it, and the action stays on its queue (then the
 * dead-letter queue) until the secret is fixed and it is redriven.
 */
public final class CredentialsRefused extends RuntimeException {
    CredentialsRefused(Platform platform, String reason) {
        super(platform.id() + " refused careloop's credentials (" + reason + "): the token has expired or been "
                + "revoked; update the secret (README: Secrets), then redrive the action queue's dead letters");
    }
}
