package io.careloop.cases;

/** The outbound messages careloop sends; each goes through ActionQueue and the outbound ledger. */
public enum ActionType {
    /** First public reply: acknowledge, apologise, invite to a private channel. */
    ACKNOWLEDGE,
    /** A check-in when the customer has not continued the conversation. */
    FOLLOW_UP,
    /** Text an agent typed, public or private. */
    AGENT_REPLY,
    /** The resolution note. */
    RESOLUTION,
    /** After resolution: thank the customer and invite them to share how it went. */
    CLOSE_LOOP
}
