package io.careloop.cases;

import java.util.Arrays;

/** What triage made of a mention, as recorded on its claim (the stored words are part of the data format). */
public enum ClaimOutcome {
    /** It opened a case. */
    CASE("case"),
    /** It joined the customer's or the thread's case. */
    JOINED("joined"),
    /** An indirect mention kept under watch, not answered (yet). */
    WATCHED("watched"),
    /** Praise answered with a thank-you, no case. */
    THANKED("thanked"),
    /** Praise that marked the customer an advocate on their last resolved case. */
    ADVOCATE("advocate"),
    /** Nothing to do (echo, spam elsewhere, deleted before triage, ...); the reason is recorded beside it. */
    IGNORED("ignored");

    private final String stored;

    ClaimOutcome(String stored) {
        this.stored = stored;
    }

    public String stored() {
        return stored;
    }

    public static ClaimOutcome fromStored(String stored) {
        return Arrays.stream(values()).filter(o -> o.stored.equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown claim outcome " + stored));
    }
}
