package io.careloop.platform;

import io.careloop.core.Platform;

/** A connector that posts as one named brand account (its credentials are that account's). */
public record AccountConnector(PlatformConnector delegate, String account) implements PlatformConnector {
    @Override
    public Platform platform() {
        return delegate.platform();
    }

    @Override
    public String post(OutboundPost post) {
        return delegate.post(post);
    }

    @Override
    public boolean canFindOwnPost(OutboundPost post) {
        return delegate.canFindOwnPost(post);
    }

    @Override
    public java.util.Optional<String> findOwnPost(OutboundPost post, java.time.Instant since) {
        return delegate.findOwnPost(post, since);
    }

    @Override
    public java.util.Optional<PostReader> reader() {
        return delegate.reader();
    }

    @Override
    public boolean canMessagePrivately() {
        return delegate.canMessagePrivately();
    }

    @Override
    public java.util.Optional<String> privateMessageRefusal(String recipientId) {
        return delegate.privateMessageRefusal(recipientId);
    }

    @Override
    public void unhide(String platformPostId) {
        delegate.unhide(platformPostId);
    }

    @Override
    public boolean canHide() {
        return delegate.canHide();
    }

    @Override
    public void hide(String platformPostId) {
        delegate.hide(platformPostId);
    }

    @Override
    public boolean canDelete() {
        return delegate.canDelete();
    }

    @Override
    public void delete(String platformPostId) {
        delegate.delete(platformPostId);
    }
}
