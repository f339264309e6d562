package io.careloop.triage.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The topic key incidents cluster on: the brand's product the post names, else the kind of problem
 * (outage, delivery, billing...), else {@code general}. Products and problem keywords come from the brand
 * file; careloop's defaults cover the common problems.
 */
public final class Topics {
    public static final String GENERAL = "general";

    static final Map<String, List<String>> DEFAULT_PROBLEMS = defaults();

    private final List<Map.Entry<String, Pattern>> products;
    private final List<Map.Entry<String, Pattern>> problems;

    public Topics(List<String> products, Map<String, List<String>> problems) {
        this.products = products.stream()
                .map(p -> Map.entry(key(p), words(List.of(p, p + "s"))))
                .toList();
        Map<String, List<String>> all = new LinkedHashMap<>(problems);
        DEFAULT_PROBLEMS.forEach(all::putIfAbsent);
        this.problems = all.entrySet().stream().map(e -> Map.entry(e.getKey(), words(e.getValue()))).toList();
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
        m.put("app", List.of("app", "crash", "crashes", "crashing", "freezes", "freezing", "update", "bug", "glitch"));
        m.put("account", List.of("account", "password", "locked out", "hacked", "login", "log in", "sign in"));
        m.put("travel", List.of("flight", "delayed", "cancelled", "canceled", "luggage", "baggage", "train", "seat",
                "gate", "boarding"));
        m.put("service", List.of("rude", "staff", "waiting", "on hold", "queue", "agent", "customer service",
                "nobody answers", "no one answers", "no response"));
        m.put("product", List.of("broken", "broke", "faulty", "defective", "stopped working", "doesn't work",
                "not working", "damaged", "cracked", "quality"));
        return m;
    }

    public String of(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (var p : products) {
            if (p.getValue().matcher(lower).find()) {
                return p.getKey();
            }
        }
        for (var p : problems) {
            if (p.getValue().matcher(lower).find()) {
                return p.getKey();
            }
        }
        return GENERAL;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).trim().replaceAll("[^\\p{L}\\p{N}]+", "-");
    }

    private static Pattern words(List<String> phrases) {
        StringBuilder alternatives = new StringBuilder();
        for (String phrase : phrases) {
            if (alternatives.length() > 0) {
                alternatives.append('|');
            }
            alternatives.append(Pattern.quote(phrase.toLowerCase(Locale.ROOT)));
        }
        return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])");
    }
}
