package io.careloop.local.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * What a load run sends: how many mentions, which shares are redelivered or malformed, the seed that fixes the
 * mix, and how hard the client and the queue pollers push.
 */
public record LoadPlan(int mentions, double duplicateShare, double malformedShare, long seed, int clientThreads,
                       int pollersPerQueue, double dynamoThrottleShare) {
    private static final String[] COMPLAINTS = {
        "my order %d never arrived and nobody answers", "the app crashes every time I open it, ticket %d",
        "charged twice for order %d, this is ridiculous", "my widget %d stopped working after two days",
        "still waiting on a refund for order %d, terrible service", "delivery %d is a week late. Again."};
    private static final String[] QUESTIONS = {
        "does the widget %d work with the old charger?", "what are your opening hours on Sunday? (%d)",
        "how do I change the address on order %d?"};
    private static final String[] PRAISE = {
        "thank you for the quick fix on %d, brilliant service!", "love the new widget %d, great job"};
    private static final String[] SPAM = {
        "FREE crypto giveaway %d click bit.ly/free-money now", "follow me for cheap followers %d www.spam.example"};

    public static LoadPlan defaults() {
        return new LoadPlan(20_000, 0.1, 0.02, 20261123L, 8, 4, 0.0);
    }

    /**
     * The seeded mix, shuffled: complaints, questions, praise, spam, indirect mentions and DMs from repeat
     * customers across X, Facebook, Instagram and Mastodon, then redelivered duplicates of some and malformed or
     * wrongly signed copies of others.
     */
    List<Delivery> deliveries() {
        Random random = new Random(seed);
        List<Delivery> out = new ArrayList<>();
        int customers = Math.max(1, (int) (mentions / 1.6));
        List<Delivery> valid = new ArrayList<>();
        for (int i = 0; i < mentions; i++) {
            int customer = random.nextInt(customers);
            // Bluesky is left out: careloop cannot reply there yet, so its acknowledgements would end as dead letters.
            String platform = pick(random, new String[] {"x", "x", "x", "facebook", "instagram", "mastodon", "mastodon"});
            double roll = random.nextDouble();
            String kind = roll < 0.55 ? "complaint" : roll < 0.65 ? "question" : roll < 0.75 ? "praise"
                    : roll < 0.80 ? "spam" : roll < 0.92 ? "indirect" : "dm";
            String text = switch (kind) {
                case "question" -> String.format(pick(random, QUESTIONS), i);
                case "praise" -> String.format(pick(random, PRAISE), i);
                case "spam" -> String.format(pick(random, SPAM), i);
                default -> String.format(pick(random, COMPLAINTS), i);
            };
            Delivery d = Traffic.delivery(platform, kind, "load" + i, "c" + customer, text);
            valid.add(d);
            out.add(d);
        }
        int duplicates = (int) (mentions * duplicateShare);
        for (int i = 0; i < duplicates; i++) {
            out.add(Traffic.redelivered(valid.get(random.nextInt(valid.size()))));
        }
        int malformed = (int) (mentions * malformedShare);
        for (int i = 0; i < malformed; i++) {
            Delivery original = valid.get(random.nextInt(valid.size()));
            out.add(switch (i % 4) {
                case 0 -> Traffic.wronglySigned(original);
                case 1 -> Traffic.malformed(original.platform(), original.body().substring(0, original.body().length() / 2), "truncated");
                case 2 -> Traffic.malformed(original.platform(), "[" + "[".repeat(3000) + "]".repeat(3000) + "]", "deep-nesting");
                default -> Traffic.malformed(original.platform(), "{\"object\":\"page\",\"entry\":\"" + "\u0000" + "\"}", "wrong-shape");
            });
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
