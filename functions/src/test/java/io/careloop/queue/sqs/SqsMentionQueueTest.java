package io.careloop.queue.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.core.Author;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which FIFO group a mention joins on the MentionQueue. */
class SqsMentionQueueTest {
    private static Mention mention(String id, Author author) {
        return new Mention(Platform.FACEBOOK, id, author, "@Acme help", Instant.parse("2026-11-23T09:00:00Z"), "p_1",
                "p_1", true, false, "webhook:meta");
    }

    @Test
    void aCustomersMentionsShareTheirGroupSoTheyAreTriagedInOrder() {
        Author ada = new Author("100077", "Ada", "Ada", 0, false);

        assertThat(SqsMentionQueue.groupOf(mention("c_1", ada))).isEqualTo(SqsMentionQueue.groupOf(mention("c_2", ada)))
                .isEqualTo("facebook#100077");
    }

    @Test
    void mentionsWhoseAuthorIsStillToBeReadAreEachTheirOwnGroup() {
        String first = SqsMentionQueue.groupOf(mention("c_3", Author.unknownYet()));
        String second = SqsMentionQueue.groupOf(mention("c_4", Author.unknownYet()));

        assertThat(first).isEqualTo("facebook#c_3");
        assertThat(second).isEqualTo("facebook#c_4");
    }
}
