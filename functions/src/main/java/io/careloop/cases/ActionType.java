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
    /** An incident's holding reply to one affected customer, as their first reply. */
    HOLDING,
    /** A customer already answered learns their problem is part of an incident (no second apology). */
    INCIDENT_UPDATE,
    /** One proactive post from the brand's account about an incident (no case, not a reply). */
    INCIDENT_POST,
    /** A thank-you for praise (no case). */
    THANK_YOU,
    /** Hide (or delete) a spam or abusive reply on the brand's thread. */
    MODERATE,
    /** An agent's promise ("I'll get back to you by 3pm"), tracked as a deadline. */
    PROMISE,
    /** The promised time passed with no news: say so and keep the customer in the loop. */
    PROMISE_UPDATE,
    /** A periodic update while the case is handed off to another team. */
    PROGRESS_UPDATE,
    /** Said at a hand-off: which team has it now and when the customer hears next. */
    HANDOFF_NOTICE,
    /** The customer wrote privately: one public note that the conversation continues in DM. */
    CONTINUING_IN_DM,
    /** A public note that a comment was removed, and why. */
    REMOVED_NOTE,
    /** An incident's outcome and advice, posted to the community. */
    INCIDENT_RESOLVED,
    /** After the loop is closed, privately: one question, how was the help, 1 to 5. */
    CSAT_SURVEY,
    /**
     * A hand-off's case summary POSTed, signed, to the team's own HTTPS endpoint: to the team's tool, never to a
     * platform or the customer.
     */
    HANDOFF_DELIVERY;

    /** Messages careloop sends by itself, which stop for a customer who keeps being hostile. */
    public boolean automatic() {
        return this != AGENT_REPLY && this != RESOLUTION && this != MODERATE && this != PROMISE
                && this != HANDOFF_DELIVERY;
    }
}
