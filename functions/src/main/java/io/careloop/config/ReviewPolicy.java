package io.careloop.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which outbound messages a person approves before they go out (brand file {@code policy.review}), how close
 * to the complaint model's threshold a judgement is too uncertain to answer alone ({@code policy.reviewMargin}),
 * and which first response the SLA is measured on ({@code policy.firstResponse}). See the README's "Reviewed
 * replies".
 *
 * @param review             kind of message → true for review; kinds not named follow {@code reviewByDefault}
 * @param reviewByDefault    the map's {@code "default"}
 * @param margin             a complaint probability this close to the threshold needs a person
 * @param firstResponseHuman the SLA counts a person's first response ({@code "human"}), not any ({@code "any"})
 */
public record ReviewPolicy(Map<String, Boolean> review, boolean reviewByDefault, double margin,
                           boolean firstResponseHuman) {

    /** The kinds of outbound message: the template names, and {@code reply} for text an agent typed. */
    public static final List<String> KINDS = List.of("acknowledge", "holding", "handoff", "incident_update", "incident_post",
            "incident_resolved", "progress_update", "follow_up", "promise", "promise_update", "resolution", "close_loop",
            "thank_you", "removed_note", "continuing_in_dm", "reply");

    /**
     * Posts to the whole community, not to one customer: a lead approves their drafts. (An incident's holding reply
     * answers one customer; the proactive holding post to everyone is {@code incident_post}.)
     */
    public static final Set<String> COMMUNITY = Set.of("incident_post", "incident_resolved", "removed_note");

    /**
     * The careful default: the fast apology to an ordinary customer goes out at once (its forced reasons still
     * apply); posts the whole community reads wait for a person; everything else follows a person's own step.
     */
    static final Map<String, Boolean> SHIPPED = Map.of("acknowledge", false, "holding", false, "incident_post", true,
            "incident_resolved", true, "removed_note", true);

    /** Whether the brand reviews this kind of message before it goes out. */
    public boolean reviews(String kind) {
        return review.getOrDefault(kind, reviewByDefault);
    }

    static ReviewPolicy parse(JsonNode policy) {
        JsonNode node = policy.path("review");
        Map<String, Boolean> review = new LinkedHashMap<>();
        boolean byDefault = false;
        if (node.isMissingNode() || node.isNull()) {
            review.putAll(SHIPPED);
        } else if (!node.isObject()) {
            throw new IllegalStateException("Brand file: policy.review must be an object of kind → \"auto\" or \"review\"");
        } else {
            var fields = node.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                String value = e.getValue().asText();
                if (!value.equals("auto") && !value.equals("review")) {
                    throw new IllegalStateException("Brand file: policy.review." + e.getKey() + " must be \"auto\" or \"review\", not \""
                            + value + "\"");
                }
                if (e.getKey().equals("default")) {
                    byDefault = value.equals("review");
                } else if (KINDS.contains(e.getKey())) {
                    review.put(e.getKey(), value.equals("review"));
                } else {
                    throw new IllegalStateException("Brand file: policy.review has an unknown kind \"" + e.getKey()
                            + "\"; kinds are " + String.join(", ", KINDS) + " and default");
                }
            }
        }
        double margin = policy.path("reviewMargin").asDouble(0.1);
        if (!policy.path("reviewMargin").isMissingNode() && !policy.path("reviewMargin").isNumber() || margin < 0 || margin > 0.5) {
            throw new IllegalStateException("Brand file: policy.reviewMargin must be a number from 0 to 0.5");
        }
        String first = policy.path("firstResponse").asText("human");
        if (!first.equals("human") && !first.equals("any")) {
            throw new IllegalStateException("Brand file: policy.firstResponse must be \"human\" or \"any\", not \"" + first + "\"");
        }
        return new ReviewPolicy(Map.copyOf(review), byDefault, margin, first.equals("human"));
    }
}
