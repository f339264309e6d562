package io.careloop.triage;

import java.util.List;

/**
 * Triage's reading of one mention.
 *
 * @param complaint            a breach of the customer's expectations (not merely negative sentiment)
 * @param complaintProbability the complaint model's probability
 * @param sentiment            -1 (very negative) .. 1 (very positive)
 * @param language             ISO 639-1 guess ({@code en}, {@code es}...), {@code und} if unknown
 * @param topic                the product or problem incidents cluster on
 * @param urgency              urgency cues that fired: {@code safety}, {@code legal}, {@code outage}, {@code cancellation}
 * @param hostile              insults or threats aimed at people
 * @param problem              the kind of problem the post names ({@code app}, {@code billing}, {@code product}...), even
 *                             when the topic is a product; null when it names none
 * @param reasons              the cues that fired, shown on the case so every decision can be explained
 * @param praiseOverComplaint  praise words in a post that complains or names a problem: often sarcasm
 *                             ("thanks for cancelling my train"), so a person reads the first reply
 */
public record Judgement(Intent intent, boolean complaint, double complaintProbability, double sentiment,
                        String language, String topic, List<String> urgency, boolean hostile, List<String> reasons,
                        String problem, boolean praiseOverComplaint) {

    public Judgement(Intent intent, boolean complaint, double complaintProbability, double sentiment, String language,
                     String topic, List<String> urgency, boolean hostile, List<String> reasons, String problem) {
        this(intent, complaint, complaintProbability, sentiment, language, topic, urgency, hostile, reasons, problem, false);
    }

    public boolean urgent() {
        return !urgency.isEmpty();
    }

    public boolean english() {
        return "en".equals(language);
    }
}
