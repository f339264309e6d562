package io.careloop.platform;

import io.careloop.core.Platform;

/** Posts on one platform through its public API. */
public interface PlatformConnector {
    Platform platform();

    /**
     * Posts a public reply or a private message.
     *
     * @return the platform's id of the new post or message
     * @throws PlatformException saying whether a retry can help, and when
     */
    String post(OutboundPost post);
}
