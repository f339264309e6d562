package io.careloop.reply;

import io.careloop.platform.PlatformException;

/** A platform's final refusal ({@link PlatformException.Kind#REJECTED}), on its way to being settled as not sent. */
final class Rejected extends RuntimeException {
    Rejected(PlatformException cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
