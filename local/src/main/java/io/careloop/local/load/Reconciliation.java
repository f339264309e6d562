package io.careloop.local.load;

import java.util.Optional;
import io.careloop.cases.NotPosted;
import io.careloop.cases.ActionType;
import io.careloop.cases.Action;
import io.careloop.store.dynamo.TableKeys;
import io.careloop.local.runtime.LocalRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * What was sent against what careloop recorded: every valid mention accepted and claimed exactly once with its
 * outcome, every case its claim opened, every post the outbound ledger marks as posted found once at the platform
 * sandbox (and every hide), nothing left in progress and nothing in a dead-letter queue.
 */
final class Reconciliation {
    /** The counts side by side ({@code sent}, {@code recorded}) and every promise that did not hold. */
    record Result(Map<String, Object> sent, Map<String, Object> recorded, int validMentions, List<String> problems) {
    }

    private final LocalRuntime runtime;
    private final List<String> problems = new ArrayList<>(); // mutable: the run may add a timeout in front
    private final Set<String> validKeys = new HashSet<>();
    private final Map<String, String> claims = new HashMap<>();
    private final Map<String, Integer> byOutcome = new TreeMap<>();
    private final Map<String, Integer> ledger = new TreeMap<>();
    private final Map<String, Integer> postedByType = new TreeMap<>();
    private int cases;

    private Reconciliation(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    static Result of(LocalRuntime runtime, List<Delivery> deliveries, LoadDriver.Sent answers) {
        Reconciliation r = new Reconciliation(runtime);
        Map<String, Object> sent = r.deliveries(deliveries, answers);
        Map<String, Object> recorded = new LinkedHashMap<>();
        r.table(recorded);
        r.sandbox(recorded);
        r.deadLetters(recorded);
        return new Result(sent, recorded, r.validKeys.size(), r.problems);
    }

    /** The plan's deliveries against the webhook's answers: valid ones accepted, malformed ones refused with a 4xx. */
    private Map<String, Object> deliveries(List<Delivery> deliveries, LoadDriver.Sent answers) {
        int duplicates = 0;
        int malformed = 0;
        for (Delivery d : deliveries) {
            if (d.mentionKey() == null) {
                malformed++;
            } else if (d.kind().equals("duplicate")) {
                duplicates++;
            } else {
                validKeys.add(d.mentionKey());
            }
        }
        int refused = answers.count(status -> status >= 400 && status < 500);
        int failed = answers.count(status -> status < 200 || status >= 500);
        if (refused != malformed) {
            problems.add(refused + " deliveries refused with 4xx, " + malformed + " malformed sent");
        }
        if (failed > 0) {
            problems.add(failed + " deliveries answered 5xx or failed: a platform would retry them");
        }
        Set<String> notAccepted = new HashSet<>(validKeys);
        notAccepted.removeAll(answers.accepted());
        if (!notAccepted.isEmpty()) {
            problems.add(notAccepted.size() + " valid mentions were never accepted, e.g. " + notAccepted.iterator().next());
        }
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("deliveries", deliveries.size());
        sent.put("validMentions", validKeys.size());
        sent.put("duplicateDeliveries", duplicates);
        sent.put("malformedDeliveries", malformed);
        sent.put("refused4xx", refused);
        Map<String, Integer> byStatus = new TreeMap<>();
        answers.byStatus().forEach((status, n) -> byStatus.put(status.toString(), n));
        sent.put("byStatus", byStatus);
        return sent;
    }

    /** The table against the plan: one claim per valid mention, one case per claim that opened one, the ledger. */
    private void table(Map<String, Object> recorded) {
        String table = runtime.tableNames().get("Table");
        for (var page : runtime.dynamo().scanPaginator(ScanRequest.builder().tableName(table).build())) {
            for (Map<String, AttributeValue> item : page.items()) {
                String mention = TableKeys.mentionKeyOf(item).orElse(null);
                String action = TableKeys.actionKeyOf(item).orElse(null);
                if (mention != null) {
                    String outcome = item.get("outcome").s();
                    String reason = item.containsKey("reason") ? item.get("reason").s() : null;
                    claims.put(mention, outcome);
                    byOutcome.merge(outcome.equals("ignored") && reason != null ? "ignored (" + reason + ")" : outcome, 1, Integer::sum);
                } else if (TableKeys.isCaseItem(item)) {
                    cases++;
                } else if (action != null) {
                    String entry = ledgerEntry(action, item);
                    ledger.merge(entry, 1, Integer::sum);
                    if (entry.equals("posted")) {
                        postedByType.merge(Action.typeOfKey(action).map(Enum::name).orElse("?"), 1, Integer::sum);
                    }
                }
            }
        }
        Set<String> missing = new HashSet<>(validKeys);
        missing.removeAll(claims.keySet());
        Set<String> unexpected = new HashSet<>(claims.keySet());
        unexpected.removeAll(validKeys);
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " valid mentions have no claim, e.g. " + missing.iterator().next());
        }
        if (!unexpected.isEmpty()) {
            problems.add(unexpected.size() + " claims for mentions never sent, e.g. " + unexpected.iterator().next());
        }
        long caseClaims = claims.values().stream().filter("case"::equals).count();
        if (caseClaims != cases) {
            problems.add(cases + " cases in the table but " + caseClaims + " mentions opened one");
        }
        recorded.put("claims", claims.size());
        recorded.put("missing", missing.size());
        recorded.put("unexpected", unexpected.size());
        recorded.put("byOutcome", byOutcome);
        recorded.put("caseClaims", caseClaims);
        recorded.put("cases", cases);
        recorded.put("ledger", ledger);
    }

    /** The sandbox against the ledger: each post the ledger marks posted made once, each hide it marks moderated made. */
    private void sandbox(Map<String, Object> recorded) {
        List<Map<String, Object>> calls = runtime.sandbox().posts();
        List<Map<String, Object>> posts = calls.stream().filter(c -> !isModeration(c)).toList();
        long hides = calls.size() - posts.size();
        int moderated = ledger.getOrDefault("moderated", 0);
        if (moderated != hides) {
            problems.add("the ledger marks " + moderated + " comments moderated but the sandbox saw " + hides + " hides");
        }
        Map<String, Integer> identical = new HashMap<>();
        for (Map<String, Object> p : posts) {
            identical.merge(p.get("platform") + " " + p.get("path") + " " + p.get("body"), 1, Integer::sum);
        }
        long doublePosts = identical.values().stream().filter(n -> n > 1).count();
        String example = identical.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).findFirst()
                .orElse("");
        int posted = ledger.getOrDefault("posted", 0);
        if (doublePosts > 0) {
            problems.add(doublePosts + " posts were made twice (e.g. " + example + ")");
        }
        if (posted != posts.size()) {
            problems.add("the ledger marks " + posted + " posts posted but the sandbox saw " + posts.size());
        }
        ledger.forEach((state, n) -> {
            if (state.equals("in_progress") || state.equals("uncertain")) {
                problems.add(n + " actions left " + state);
            }
        });
        recorded.put("ledgerPosted", posted);
        recorded.put("postedByType", postedByType);
        recorded.put("sandboxPosts", posts.size());
        recorded.put("sandboxHides", hides);
        recorded.put("doublePosts", doublePosts);
    }

    private void deadLetters(Map<String, Object> recorded) {
        int deadMentions = runtime.queueDepth().waiting("MentionDeadLetterQueue");
        int deadActions = runtime.queueDepth().waiting("ActionDeadLetterQueue");
        if (deadMentions + deadActions > 0) {
            problems.add(deadMentions + " mention and " + deadActions + " action dead letters");
        }
        recorded.put("deadLetters", deadMentions + " / " + deadActions);
    }

    /**
     * What the outbound ledger says became of an action: posted; done without posting (a hostile customer gets
     * no more automatic replies, or a guardrail stopped a template); moderated; or still in progress / uncertain.
     */
    private static String ledgerEntry(String actionKey, Map<String, AttributeValue> item) {
        String state = item.containsKey("state") ? item.get("state").s() : "?";
        if (!state.equals("POSTED")) {
            return state.toLowerCase(Locale.ROOT);
        }
        String postId = item.containsKey("postId") ? item.get("postId").s() : "";
        Optional<NotPosted> notPosted = NotPosted.fromStored(postId);
        if (Action.typeOfKey(actionKey).orElse(null) == ActionType.MODERATE) {
            return notPosted.isPresent() ? "not moderated (the platform cannot hide)" : "moderated";
        }
        return notPosted.map(n -> switch (n) {
            case NOT_SENT -> "not sent (hostile customer or refused)";
            case BLOCKED -> "not sent (guardrail)";
            case NOT_MODERATED -> "not moderated (the platform cannot hide)";
            case BY_HAND -> "not sent (the platform would refuse it: a person answers by hand)";
        }).orElse("posted");
    }

    /** A sandbox call that hides a comment rather than posting. */
    private static boolean isModeration(Map<String, Object> call) {
        String path = String.valueOf(call.get("path"));
        return path.endsWith("/hidden") || path.contains("is_hidden=true") || path.contains("hide=true")
                || "DELETE".equals(call.get("method"));
    }
}
