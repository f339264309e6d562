package io.careloop.platform;

import io.careloop.core.Platform;

/** Posts on one platform through its public API. */
public interface PlatformConnector {
    Platform platform();

    /** The brand account (platform id) this connector posts as; null when it was built without one. */
    default String account() {
        return null;
    }

    /**
     * Posts a public reply or a private message.
     *
     * @return the platform's id of the new post or message
     * @throws PlatformException saying whether a retry can help, and when
     */
    String post(OutboundPost post);

    /**
     * Whether this connector can look up the brand's own recent posts to see if {@code post} went out: what settles
     * an attempt that stopped mid-post without posting twice.
     */
    default boolean canFindOwnPost(OutboundPost post) {
        return false;
    }

    /**
     * The platform's id of the brand's own post that matches {@code post} (same reply target, same words), made
     * since {@code since}; empty when there is none.
     *
     * @throws PlatformException when the lookup itself fails
     */
    default java.util.Optional<String> findOwnPost(OutboundPost post, java.time.Instant since) {
        throw new UnsupportedOperationException(platform().id() + " cannot look up its own posts");
    }

    /** Reads posts back from the platform (their author, their words), where the connector can. */
    default java.util.Optional<PostReader> reader() {
        return java.util.Optional.empty();
    }

    /** Whether the platform has private messages; where it has none, careloop invites the customer to email. */
    default boolean canMessagePrivately() {
        return true;
    }

    /**
     * Why a private message to this customer cannot go now, or empty when it can. Platforms where a customer may
     * refuse messages (Bluesky's chat settings) ask; elsewhere the answer follows {@link #canMessagePrivately()}.
     *
     * @throws PlatformException when the platform could not be asked
     */
    default java.util.Optional<String> privateMessageRefusal(String recipientId) {
        return canMessagePrivately() ? java.util.Optional.empty()
                : java.util.Optional.of(platform().id() + " has no private messages");
    }

    /** Undoes {@link #hide}: the reply shows again. */
    default void unhide(String platformPostId) {
        throw new PlatformException(PlatformException.Kind.REJECTED, platform().id() + " does not let a brand unhide replies",
                null, true);
    }

    /** Whether the brand can hide a reply on its own threads on this platform. */
    default boolean canHide() {
        return false;
    }

    /**
     * Hides a reply on the brand's thread (spam and abuse only). Platforms without the feature refuse.
     *
     * @throws PlatformException saying whether a retry can help
     */
    /** Whether the brand can delete a comment on its own posts on this platform. */
    default boolean canDelete() {
        return false;
    }

    /** Deletes a comment on the brand's post (spam and abuse only). */
    default void delete(String platformPostId) {
        throw new PlatformException(PlatformException.Kind.REJECTED, platform().id() + " does not let a brand delete "
                + "others' replies", null, true);
    }

    default void hide(String platformPostId) {
        throw new PlatformException(PlatformException.Kind.REJECTED, platform().id() + " does not let a brand hide replies",
                null, true);
    }
}
