package io.careloop.voice;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How triage's topic key reads in a sentence, so a reply names what the customer wrote about ("I'm so sorry about the
 * trouble with your widget") and an incident post reads naturally ("trouble with deliveries", never "with delivery").
 * A brand product reads as itself; the problem families careloop knows have their own words; anything else stays
 * unnamed rather than read oddly.
 */
final class TopicPhrases {
    /** Problem family → (what a customer is sorry-ed about, what the community is told it is about). */
    private static final Map<String, List<String>> FAMILIES = Map.of(
            "outage", List.of("about the outage", "our service"),
            "delivery", List.of("about the trouble with your delivery", "deliveries"),
            "billing", List.of("about the trouble with your bill", "billing"),
            "app", List.of("about the trouble with the app", "the app"),
            "account", List.of("about the trouble with your account", "signing in"),
            "travel", List.of("about the trouble with your trip", "travel"),
            "service", List.of("about the service you had", "reaching us"),
            "product", List.of("about the trouble with your order", "some of our products"));

    private TopicPhrases() {
    }

    /** "about the trouble with your widget", or "this happened" when the topic names nothing careloop can say. */
    static String sorryAbout(String topic, List<String> products) {
        String product = product(topic, products);
        if (product != null) {
            return "about the trouble with your " + product;
        }
        List<String> family = topic == null ? null : FAMILIES.get(topic);
        return family != null ? family.get(0) : "this happened";
    }

    /** "the widget", "deliveries", "our service": what a post to everyone says the problem is with. */
    static String forEveryone(String topic, List<String> products) {
        String product = product(topic, products);
        if (product != null) {
            return "the " + product;
        }
        List<String> family = topic == null ? null : FAMILIES.get(topic);
        return family != null ? family.get(1) : "our service";
    }

    /** The brand's product a topic key ({@code acme-app}) stands for, as the brand writes it ({@code acme app}). */
    private static String product(String topic, List<String> products) {
        if (topic == null) {
            return null;
        }
        for (String p : products) {
            String name = p.trim().toLowerCase(Locale.ROOT);
            if (name.replaceAll("[^\\p{L}\\p{N}]+", "-").equals(topic)) { // triage's topic key of the product
                return name;
            }
        }
        return null;
    }
}
