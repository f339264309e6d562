package io.careloop.testing;

import io.careloop.core.Platform;
import io.careloop.platform.OutboundPost;
import io.careloop.platform.PlatformConnector;
import io.careloop.platform.PlatformException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A platform as a list of what was posted, hidden and deleted. It can be told to refuse the next calls with a
 * given {@link PlatformException}, to find (or not) the brand's own earlier post, and what it allows.
 */
public final class FakeConnector implements PlatformConnector {
    private final Platform platform;
    private final String account;
    private final List<OutboundPost> posts = new ArrayList<>();
    private final List<String> hidden = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private final List<String> unhidden = new ArrayList<>();
    private Optional<String> privateRefusal = Optional.empty();
    private RuntimeException refusalCheckFailure;
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private boolean canMessagePrivately = true;
    private boolean canHide = true;
    private boolean canDelete = false;
    private Optional<String> ownPost;
    private int calls;

    public FakeConnector(Platform platform, String account) {
        this.platform = platform;
        this.account = account;
    }

    public FakeConnector failNext(RuntimeException failure) {
        failures.add(failure);
        return this;
    }

    public FakeConnector withoutPrivateMessages() {
        canMessagePrivately = false;
        return this;
    }

    public FakeConnector deleting() {
        canDelete = true;
        return this;
    }

    public FakeConnector withoutHiding() {
        canHide = false;
        return this;
    }

    /** Lets careloop look at its own posts; {@code found} is what the lookup finds (empty: nothing). */
    public FakeConnector findingOwnPost(Optional<String> found) {
        this.ownPost = found;
        return this;
    }

    public List<OutboundPost> posts() {
        return List.copyOf(posts);
    }

    public List<String> hidden() {
        return List.copyOf(hidden);
    }

    /** The customer does not accept private messages (for this reason), as a Bluesky customer may choose. */
    public FakeConnector refusingPrivateMessages(String reason) {
        this.privateRefusal = Optional.of(reason);
        return this;
    }

    /** Asking whether the customer accepts a private message fails like this. */
    public FakeConnector failingPrivateMessageCheck(RuntimeException failure) {
        this.refusalCheckFailure = failure;
        return this;
    }

    public List<String> unhidden() {
        return unhidden;
    }

    public List<String> deleted() {
        return List.copyOf(deleted);
    }

    /** Every call that reached the platform, refused or not. */
    public int calls() {
        return calls;
    }

    @Override
    public Platform platform() {
        return platform;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public String post(OutboundPost post) {
        calls++;
        failIfTold();
        posts.add(post);
        return platform.id() + "-post-" + posts.size();
    }

    @Override
    public boolean canFindOwnPost(OutboundPost post) {
        return ownPost != null;
    }

    @Override
    public Optional<String> findOwnPost(OutboundPost post, Instant since) {
        calls++;
        return ownPost;
    }

    @Override
    public boolean canMessagePrivately() {
        return canMessagePrivately;
    }

    @Override
    public Optional<String> privateMessageRefusal(String recipientId) {
        if (refusalCheckFailure != null) {
            throw refusalCheckFailure;
        }
        return canMessagePrivately ? privateRefusal : Optional.of(platform.id() + " has no private messages");
    }

    @Override
    public void unhide(String platformPostId) {
        calls++;
        failIfTold();
        unhidden.add(platformPostId);
    }

    @Override
    public boolean canHide() {
        return canHide;
    }

    @Override
    public boolean canDelete() {
        return canDelete;
    }

    @Override
    public void hide(String platformPostId) {
        calls++;
        failIfTold();
        hidden.add(platformPostId);
    }

    @Override
    public void delete(String platformPostId) {
        calls++;
        failIfTold();
        deleted.add(platformPostId);
    }

    private void failIfTold() {
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
    }

    public static PlatformException refused(PlatformException.Kind kind, Instant retryAt, boolean certainlyNotPosted) {
        return new PlatformException(kind, "the platform refused (" + kind + ")", retryAt, certainlyNotPosted);
    }
}
