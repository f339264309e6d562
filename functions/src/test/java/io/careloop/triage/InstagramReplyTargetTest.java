package io.careloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.ActionType;
import io.careloop.config.BrandConfig;
import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import io.careloop.testing.RecordingActionQueue;
import io.careloop.testing.RecordingMetrics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Instagram takes replies on top-level comments only: careloop answers a nested comment on its top-level parent,
 * a top-level comment on itself, and never moderates anything but the comment that was written.
 */
class InstagramReplyTargetTest {
    private static final String MEDIA = "17900000000000009";
    private static final String TOP_LEVEL = "17900000000000010";
    private static final String NESTED = "17900000000000011";
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");

    private final MutableClock clock = new MutableClock(AT);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final RecordingActionQueue actions = new RecordingActionQueue();
    private final BrandConfig brand = Brands.acme();
    private final TriageService triage = new TriageService(Classifier.forBrand(brand), store, store, store, store, actions,
            brand, clock, new RecordingMetrics());

    private static Mention comment(String id, String parent, String text) {
        return new Mention(Platform.INSTAGRAM, id, new Author("17841405555555555", "noor.a", "noor.a", 0, false), text, AT,
                MEDIA, parent != null ? parent : MEDIA, true, false, "webhook:meta");
    }

    @Test
    void aComplaintInANestedCommentIsAcknowledgedOnItsTopLevelParent() {
        triage.triage(comment(NESTED, TOP_LEVEL, "@acme my widget has been broken for three days and nobody answers, terrible"));

        assertThat(actions.sent(ActionType.ACKNOWLEDGE)).singleElement()
                .satisfies(a -> assertThat(a.inReplyTo()).isEqualTo(TOP_LEVEL));
        assertThat(store.allCases()).singleElement().satisfies(c -> assertThat(c.replyTo()).isEqualTo(NESTED));
    }

    @Test
    void aComplaintInATopLevelCommentIsAcknowledgedOnItself() {
        triage.triage(comment(TOP_LEVEL, null, "@acme my widget has been broken for three days and nobody answers, terrible"));

        assertThat(actions.sent(ActionType.ACKNOWLEDGE)).singleElement()
                .satisfies(a -> assertThat(a.inReplyTo()).isEqualTo(TOP_LEVEL));
    }

    @Test
    void spamInANestedCommentIsModeratedItselfNotItsParent() {
        triage.triage(comment(NESTED, TOP_LEVEL, "@acme get free followers now, click here"));

        assertThat(actions.sent(ActionType.MODERATE)).singleElement()
                .satisfies(a -> assertThat(a.inReplyTo()).isEqualTo(NESTED));
    }

    @Test
    void onOtherPlatformsAReplyIsAnsweredOnItself() {
        Mention reply = new Mention(Platform.FACEBOOK, "55_2", new Author("88001", "Noor", "Noor", 0, false), "help", AT,
                "200000000000001_55", "55_1", true, false, "webhook:meta");

        assertThat(reply.publicReplyTarget()).isEqualTo("55_2");
    }
}
