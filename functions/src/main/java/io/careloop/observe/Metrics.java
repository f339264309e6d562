package io.careloop.observe;


/**
 * careloop's business metrics, as the use cases report them. In Lambda they are {@link EmfMetrics} lines that
 * CloudWatch turns into metrics; template.yaml's alarms and dashboard read them.
 */
public interface Metrics {
    String NAMESPACE = "careloop";

    /** The metrics careloop emits. */
    public enum Name {
        MentionsIn("Count"), DuplicatesDropped("Count"), CasesOpened("Count"), RepliesPosted("Count"),
        GuardrailBlocks("Count"), SlaBreaches("Count"), FirstResponseSeconds("Seconds"), Throttles("Count"),
        IncidentsOpened("Count"), MissedByWebhooks("Count"), CredentialFailures("Count"),
        FirstHumanResponseSeconds("Seconds"), AutomaticAcknowledgementSeconds("Seconds"), DraftsSaved("Count"), DraftsOverdue("Count"),
        PollsSkipped("Count"),
        /** Days until the configured Graph API version stops working (negative once past). */
        GraphApiVersionSunsetDays("None"),
        /** Replies a platform would refuse (X's pay-per-use reply rule), left to a person as an outreach task. */
        RepliesByHand("Count");

        private final String unit;

        Name(String unit) {
            this.unit = unit;
        }

        public String unit() {
            return unit;
        }
    }

    /** One data point; {@code platform} is the dimension, or null for none. */
    void put(Name name, double value, String platform);

    default void count(Name name, String platform) {
        put(name, 1, platform);
    }

    /** Metrics nobody reads. */
    static Metrics none() {
        return (name, value, platform) -> {
        };
    }
}
