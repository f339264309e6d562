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
    CLOSE_LOOP,
    /** An incident's holding reply to one affected customer. */
    HOLDING,
    /** One proactive post from the brand's account about an incident (no case, not a reply). */
    INCIDENT_POST,
    /** A thank-you for praise (no case). */
    THANK_YOU,
    /** Hide a spam or abusive reply on the brand's thread. */
    MODERATE;

    /** Messages careloop sends by itself, which stop for a customer who keeps being hostile. */
    public boolean automatic() {
        return this != AGENT_REPLY && this != RESOLUTION && this != MODERATE;
    }
}
