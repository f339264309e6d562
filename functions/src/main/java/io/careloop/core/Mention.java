package io.careloop.core;

import java.time.Instant;

/**
 * One post or message that mentions the brand, normalised from any platform.
 *
 * @param id        the platform's id of the post or message
 * @param threadId  the root post or conversation the mention belongs to (its own id for a root post)
 * @param inReplyTo the platform id this mention answers, or null
 * @param direct    addressed to the brand (an @-mention, a reply to the brand, a comment on its page, a DM)
 *                  rather than only about it (a hashtag or the brand's name)
 * @param isPrivate arrived in a private channel (a DM)
 * @param source    how it reached careloop, e.g. {@code webhook:generic} or {@code poll:mastodon}
 */
public record Mention(
        Platform platform,
        String id,
        Author author,
        String text,
        Instant createdAt,
        String threadId,
        String inReplyTo,
        boolean direct,
        boolean isPrivate,
        String source,
        Change change,
        String brandAccount) {

    /** A later change to a post careloop may already hold: its text was edited, or it was deleted or hidden. */
    public enum Change { EDITED, DELETED, HIDDEN }

    /** A new post (no change). */
    public Mention(Platform platform, String id, Author author, String text, Instant createdAt, String threadId,
                   String inReplyTo, boolean direct, boolean isPrivate, String source) {
        this(platform, id, author, text, createdAt, threadId, inReplyTo, direct, isPrivate, source, null, null);
    }

    /** The same post, as a change of the given kind. */
    public Mention asChange(Change kind) {
        return new Mention(platform, id, author, text, createdAt, threadId, inReplyTo, direct, isPrivate, source, kind,
                brandAccount);
    }

    /**
     * The same post, heard on the brand account with this platform id (the main handle or the help handle): the
     * case is answered from that account.
     */
    public Mention toAccount(String accountId) {
        return new Mention(platform, id, author, text, createdAt, threadId, inReplyTo, direct, isPrivate, source, change,
                accountId);
    }

    public Mention {
        if (platform == null) {
            throw new IllegalArgumentException("platform is required");
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is required");
        }
        if (author == null) {
            throw new IllegalArgumentException("author is required");
        }
        if (text == null) {
            throw new IllegalArgumentException("text is required");
        }
        threadId = threadId == null || threadId.isBlank() ? id : threadId;
        // Platforms' payloads are taken as they come; anything that cannot travel through a queue is replaced.
        text = Texts.clean(text);
    }

    /**
     * Where a public answer to this post goes: the post itself, except on Instagram, where only top-level comments
     * take replies ({@code POST /{ig-comment-id}/replies}; a reply to a reply is added to the top-level comment), so a
     * nested comment is answered on its top-level parent, the comment it replies to.
     */
    public String publicReplyTarget() {
        if (platform == Platform.INSTAGRAM && inReplyTo != null && !inReplyTo.equals(threadId)) {
            return inReplyTo;
        }
        return id;
    }

    /** Identifies the mention across every way it can arrive (webhook, poll, redelivery). */
    public String key() {
        return platform.id() + "#" + id;
    }

    /** Identifies the customer: one open case per customer per platform. */
    public String customerKey() {
        return platform.id() + "#" + author.id();
    }

    /** Identifies the conversation: replies in a thread join the thread's case. */
    public String threadKey() {
        return platform.id() + "#" + threadId;
    }
}
