package io.careloop.cases;

/** How careloop recorded a mention it has seen: its outcome and its case, if any. */
public record MentionClaim(ClaimOutcome outcome, String caseId) {
}
