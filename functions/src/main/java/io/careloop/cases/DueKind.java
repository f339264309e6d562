package io.careloop.cases;

/** What the follow-up schedule looks for: each case has at most one pending item of each kind. */
public enum DueKind {
    /** The first-response deadline; firing means the SLA was breached. */
    FIRST_RESPONSE_SLA,
    /** Check in with a customer who has gone quiet after the acknowledgement. */
    FOLLOW_UP,
    /** Time to close the loop after resolution. */
    CLOSE_LOOP,
    /** An agent's promise falls due; firing means it was not kept. */
    PROMISE,
    /** The next periodic update to a customer whose case is handed off. */
    HANDOFF_UPDATE,
    /** A draft waiting for review reaches the deadline it races: the case is escalated, nothing is posted. */
    DRAFT_DEADLINE,
    /**
     * Written once the first-response deadline of the same case was reported at risk, due with that deadline: it
     * sits beside the deadline on the due index, so later runs see it in the same query and report nothing twice;
     * the run that reaches the deadline clears it.
     */
    FIRST_RESPONSE_AT_RISK
}
