package io.careloop.triage;

import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.platform.PostReader;
import java.util.Optional;

/**
 * Names the author of a mention whose delivery did not (a Facebook Page {@code mention}), by reading the post or
 * comment from the platform as the brand account that heard it. Done in triage, not in the webhook: the webhook
 * answers fast and never calls a platform; a failed read here is retried by the queue.
 */
final class UnknownAuthors {
    /** The mention with its author, or why it has none. */
    record Named(Optional<Mention> mention, String reason) {
    }

    private final PostReaders readers;
    private final io.careloop.events.CredentialAlerts credentialAlerts;

    UnknownAuthors(PostReaders readers, io.careloop.events.CredentialAlerts credentialAlerts) {
        this.readers = readers;
        this.credentialAlerts = credentialAlerts;
    }

    /** @throws io.careloop.platform.PlatformException when the read fails in a way a retry may mend */
    Named name(Mention mention) {
        Optional<PostReader> reader = readers.forAccount(mention.platform(), mention.brandAccount());
        if (reader.isEmpty()) {
            return new Named(Optional.empty(), "author not named by the delivery, and no " + mention.platform().id()
                    + " credentials to read it");
        }
        Optional<PostReader.PlatformPost> post;
        try {
            post = reader.get().read(mention.id());
        } catch (io.careloop.platform.PlatformException e) {
            if (e.kind() == io.careloop.platform.PlatformException.Kind.AUTH) {
                // Retried by the queue like any failed read; the care team hears the token is refused.
                credentialAlerts.refused(mention.platform(), mention.brandAccount(), "read", e.getMessage());
            }
            throw e;
        }
        if (post.isEmpty()) {
            return new Named(Optional.empty(), "author not named by the delivery; " + mention.platform().id()
                    + " no longer shows the post (deleted, or not visible to the brand)");
        }
        PostReader.PlatformPost read = post.get();
        if (read.authorId() == null) {
            return new Named(Optional.empty(), "author not named by the delivery nor by " + mention.platform().id());
        }
        Author author = new Author(read.authorId(), read.authorName(), read.authorName(), 0, false);
        String text = mention.text().isBlank() && read.text() != null ? read.text() : mention.text();
        Mention named = new Mention(mention.platform(), mention.id(), author, text,
                mention.createdAt() != null ? mention.createdAt() : read.createdAt(), mention.threadId(),
                mention.inReplyTo(), mention.direct(), mention.isPrivate(), mention.source(), mention.change(),
                mention.brandAccount());
        return new Named(Optional.of(named), null);
    }
}
