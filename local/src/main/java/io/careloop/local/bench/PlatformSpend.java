package io.careloop.local.bench;

import io.careloop.local.sandbox.PlatformSandbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What careloop's platform calls cost per mention, from the calls the sandbox received in a run. X charges per use
 * (per resource read, per write request); Meta, Mastodon and Bluesky charge nothing for API calls, so their calls
 * are counted and priced at zero.
 */
final class PlatformSpend {
    static final String X_PRICES_SOURCE = "https://docs.x.com/x-api/getting-started/pricing (pay-per-usage, as listed "
            + "in November 2026; X deduplicates a resource read twice within one UTC day)";
    static final double X_POST_READ = 0.005;
    static final double X_CONTENT_CREATE = 0.015;
    static final double X_CONTENT_CREATE_WITH_URL = 0.200;
    static final double X_DM_CREATE = 0.015;
    static final double X_CONTENT_MANAGE = 0.005;
    static final double X_DELETE = 0.010;
    private static final Pattern URL = Pattern.compile("https?://");

    private PlatformSpend() {
    }

    static Map<String, Object> perMention(List<PlatformSandbox.Call> calls, int mentions) {
        Map<String, Long> counts = new TreeMap<>();
        double usd = 0;
        for (PlatformSandbox.Call c : calls) {
            if (c.status() >= 300) {
                continue;
            }
            String kind = kind(c);
            counts.merge(c.platform() + ":" + kind, 1L, Long::sum);
            usd += c.platform().equals("x") ? xPrice(kind) : 0;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mentions", mentions);
        Map<String, Object> perMention = new LinkedHashMap<>();
        counts.forEach((k, n) -> perMention.put(k, Benchmark.round((double) n / mentions, 3)));
        result.put("callsPerMention", perMention);
        result.put("usdPerMention", Benchmark.round(usd / mentions, 4));
        result.put("usdPerMillionMentions", Benchmark.round(usd / mentions * 1e6, 0));
        // What polling costs on top when it reads again what a healthy webhook delivered (one post read each).
        result.put("pollRereadUsdPerMention", X_POST_READ);
        result.put("pricesSource", X_PRICES_SOURCE);
        return result;
    }

    private static String kind(PlatformSandbox.Call c) {
        String text = c.body() == null ? "" : c.body().path("text").asText("");
        return switch (c.method()) {
            case "GET" -> "read";
            case "DELETE" -> "delete";
            case "PUT" -> "manage";
            default -> c.path().contains("/dm_conversations/") ? "dmCreate"
                    : URL.matcher(text).find() ? "createWithUrl" : "create";
        };
    }

    private static double xPrice(String kind) {
        return switch (kind) {
            case "read" -> X_POST_READ;
            case "delete" -> X_DELETE;
            case "manage" -> X_CONTENT_MANAGE;
            case "dmCreate" -> X_DM_CREATE;
            case "createWithUrl" -> X_CONTENT_CREATE_WITH_URL;
            default -> X_CONTENT_CREATE;
        };
    }
}
