package io.careloop.triage;

import java.util.List;

/**
 * Triage's reading of one mention.
 *
 * @param complaint a breach of the customer's expectations (not merely negative sentiment)
 * @param sentiment -1 (very negative) .. 1 (very positive)
 * @param urgent    safety, legal threat, outage or cancellation cues
 * @param reasons   the cues that fired, shown on the case so every decision can be explained
 */
public record Judgement(Intent intent, boolean complaint, double sentiment, boolean urgent, List<String> reasons) {
}
