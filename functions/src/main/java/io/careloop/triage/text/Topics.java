package io.careloop.triage.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The topic key incidents cluster on: the brand's product the post names, else the kind of problem
 * (outage, delivery, billing...), else {@code general}. Products and problem keywords come from the brand
 * file; careloop's defaults cover the common problems.
 */
public final class Topics {
    public static final String GENERAL = "general";

    static final Map<String, List<String>> DEFAULT_PROBLEMS = defaults();

    private final PhraseMatcher products;
    private final PhraseMatcher problems;
    private final List<String> problemOrder;

    public Topics(List<String> productNames, Map<String, List<String>> problemKeywords) {
        Map<String, List<String>> byProduct = new LinkedHashMap<>();
        for (String p : productNames) {
            byProduct.put(key(p), List.of(p, p + "s"));
        }
        this.products = new PhraseMatcher(byProduct);
        Map<String, List<String>> all = new LinkedHashMap<>(problemKeywords);
        DEFAULT_PROBLEMS.forEach(all::putIfAbsent);
        this.problems = new PhraseMatcher(all);
        this.problemOrder = new ArrayList<>(all.keySet());
    }

    public static Topics defaults(List<String> products) {
        return new Topics(products, Map.of());
    }

    private static Map<String, List<String>> defaults() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("outage", List.of("down", "outage", "not loading", "won't load", "wont load", "can't log in", "cant log in",
                "cannot log in", "can't login", "unable to log in", "site is down", "service is down", "offline",
                "unavailable", "no signal", "no service", "no internet", "servers"));
        m.put("delivery", List.of("delivery", "delivered", "deliver", "parcel", "package", "shipping", "shipment",
                "shipped", "courier", "tracking", "arrived", "never arrived", "order"));
        m.put("billing", List.of("charged", "charge", "refund", "bill", "billing", "invoice", "payment", "overcharged",
                "subscription", "fee", "fees", "price"));
        m.put("app", List.of("app", "crash", "crashes", "crashing", "freezes", "freezing", "update", "bug", "glitch",
                "closes itself", "keeps closing", "error message", "won't open", "wont open", "doesn't open"));
        m.put("account", List.of("account", "password", "locked out", "hacked", "login", "log in", "sign in"));
        m.put("travel", List.of("flight", "delayed", "cancelled", "canceled", "luggage", "baggage", "train", "seat",
                "gate", "boarding"));
        m.put("service", List.of("rude", "staff", "waiting", "on hold", "queue", "agent", "customer service",
                "nobody answers", "no one answers", "no response"));
        m.put("product", List.of("broken", "broke", "faulty", "defective", "stopped working", "doesn't work",
                "not working", "damaged", "cracked", "quality", "won't turn on", "wont turn on", "not charging",
                "doesn't charge", "missing parts", "wrong item"));
        return m;
    }

    /** The kind of problem the post names, whatever product it names too. */
    public java.util.Optional<String> problemOf(List<String> tokens) {
        String best = null;
        int rank = Integer.MAX_VALUE;
        for (PhraseMatcher.Match m : problems.find(tokens)) {
            int r = problemOrder.indexOf(m.label());
            if (r < rank) {
                rank = r;
                best = m.label();
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    public String of(String text) {
        return of(Tokens.of(text));
    }

    /** A named product wins; else the highest-ranked problem the post mentions. */
    public String of(List<String> tokens) {
        List<PhraseMatcher.Match> product = products.find(tokens);
        if (!product.isEmpty()) {
            return product.get(0).label();
        }
        List<PhraseMatcher.Match> found = problems.find(tokens);
        String best = GENERAL;
        int rank = Integer.MAX_VALUE;
        for (PhraseMatcher.Match m : found) {
            int r = problemOrder.indexOf(m.label());
            if (r < rank) {
                rank = r;
                best = m.label();
            }
        }
        return best;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).trim().replaceAll("[^\\p{L}\\p{N}]+", "-");
    }
}
