package io.careloop.cases;

/** Where an outbound message stands in the exactly-once ledger. */
public enum OutboundState {
    /** This invocation holds the lease and may post. */
    ACQUIRED,
    /** Already posted: do nothing. */
    POSTED,
    /** Another invocation holds a live lease: try again later. */
    BUSY,
    /**
     * A previous attempt took the lease and never reported back (it died after calling the platform or
     * before). The message may or may not be out: it is never posted again automatically.
     */
    UNCERTAIN
}
