package io.careloop.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.Priority;
import io.careloop.core.Json;
import io.careloop.core.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The brand's configuration: its accounts, how it is named, and its care policy. One JSON file, read from
 * {@code CARELOOP_CONFIG} or the defaults bundled in the jar. See the README's "Brand file" section.
 */
public final class BrandConfig {
    /** The bundled defaults, used when {@code CARELOOP_CONFIG} is not set. */
    public static final String DEFAULT_RESOURCE = "/io/careloop/config/default-brand.json";

    /** How a brand prefers to resolve: {@code private-first} moves details to DM/email; {@code public-first} keeps the resolution public. */
    public enum ChannelPolicy { PRIVATE_FIRST, PUBLIC_FIRST }

    /** One of the brand's own accounts on a platform. Its posts come back as echoes and are ignored. */
    public record Account(Platform platform, String id, String handle) {
    }

    private final String brandName;
    private final List<Account> accounts;
    private final List<String> keywords;
    private final List<String> products;
    private final Map<String, List<String>> problemKeywords;
    private final ChannelPolicy channelPolicy;
    private final String contact;
    private final boolean signReplies;
    private final boolean removedCommentNote;
    private final String incidentAdvice;
    private final Duration minUpdateEvery;
    private final Map<Priority, Duration> firstResponseSla;
    private final Duration followUpAfter;
    private final Duration closeLoopAfter;
    private final Map<String, String> templates;
    private final TriagePolicy triage;
    private final GuardrailPolicy guardrails;
    private final ReviewPolicy review;
    private final String xTier;
    private final Map<String, TeamPolicy> teamPolicies;

    /**
     * Guardrails on public text (brand file {@code "guardrails"}).
     *
     * @param disabled          rule names switched off, e.g. {@code no-shouting}
     * @param publishedContacts emails and phone numbers the brand publishes (its {@code contact} is always one)
     * @param allowedDomains    domains public links may point to
     * @param blockedPhrases    further phrases never to say in public
     */
    public record GuardrailPolicy(java.util.Set<String> disabled, List<String> publishedContacts,
                                  List<String> allowedDomains, List<String> blockedPhrases) {
    }

    /**
     * How triage decides (brand file {@code "triage"}).
     *
     * @param influentialFollowers an indirect complaint from an author with this reach is acted on at once
     * @param vip                  handles treated as influential and raised in priority
     * @param watchWindow          how long a watched indirect mention waits for corroboration
     * @param incidentAuthors      distinct authors on one topic that make an incident
     * @param incidentWindow       the window they must fall in
     * @param thankPraise          reply to direct praise with a thank-you
     * @param advocateWindow       praise this soon after a resolution marks the customer an advocate
     * @param teams                topic → team; {@code "*"} for everything else
     */
    public record TriagePolicy(long influentialFollowers, java.util.Set<String> vip, Duration watchWindow,
                               int incidentAuthors, Duration incidentWindow, boolean thankPraise,
                               Duration advocateWindow, Map<String, String> teams) {

        public boolean isVip(String handle) {
            return handle != null && vip.contains(handle.toLowerCase(Locale.ROOT).replaceFirst("^@", ""));
        }

        public String teamFor(String topic) {
            return teams.getOrDefault(topic, teams.get("*"));
        }
    }

    private BrandConfig(JsonNode root) {
        this.brandName = text(root, "brand", "our team");
        this.accounts = new ArrayList<>();
        for (JsonNode a : root.path("accounts")) {
            Platform platform = Platform.fromId(a.path("platform").asText())
                    .orElseThrow(() -> new IllegalStateException("Brand file: unknown platform '" + a.path("platform").asText() + "'"));
            accounts.add(new Account(platform, a.path("id").asText(null), a.path("handle").asText(null)));
        }
        this.keywords = new ArrayList<>();
        root.path("keywords").forEach(k -> keywords.add(k.asText().toLowerCase(Locale.ROOT)));
        this.products = new ArrayList<>();
        root.path("products").forEach(p -> products.add(p.asText()));
        this.problemKeywords = new java.util.LinkedHashMap<>();
        root.path("topics").fields().forEachRemaining(e -> {
            List<String> words = new ArrayList<>();
            e.getValue().forEach(w -> words.add(w.asText()));
            problemKeywords.put(e.getKey(), words);
        });
        JsonNode policy = root.path("policy");
        String channel = text(policy, "privateChannel", "private-first");
        this.channelPolicy = switch (channel) {
            case "private-first" -> ChannelPolicy.PRIVATE_FIRST;
            case "public-first" -> ChannelPolicy.PUBLIC_FIRST;
            default -> throw new IllegalStateException("Brand file: policy.privateChannel must be private-first or public-first");
        };
        this.contact = text(policy, "contact", "");
        this.signReplies = policy.path("signReplies").asBoolean(true);
        // The practice: delete it, then say that you have and why; a team may choose silence.
        this.removedCommentNote = policy.path("removedCommentNote").asBoolean(true);
        this.incidentAdvice = text(policy, "incidentAdvice", "");
        this.minUpdateEvery = duration(policy, "minUpdateEvery", Duration.ofMinutes(15));
        this.firstResponseSla = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            firstResponseSla.put(p, duration(policy.path("firstResponseSla"), p.name(), p.defaultFirstResponseSla()));
        }
        this.followUpAfter = duration(policy, "followUpAfter", Duration.ofHours(4));
        this.closeLoopAfter = duration(policy, "closeLoopAfter", Duration.ofHours(24));
        this.review = ReviewPolicy.parse(policy);
        this.templates = new HashMap<>();
        root.path("templates").fields().forEachRemaining(e -> templates.put(e.getKey(), e.getValue().asText()));
        JsonNode t = root.path("triage");
        java.util.Set<String> vip = new java.util.HashSet<>();
        t.path("vip").forEach(v -> vip.add(v.asText().toLowerCase(Locale.ROOT).replaceFirst("^@", "")));
        Map<String, String> teams = new HashMap<>();
        t.path("teams").fields().forEachRemaining(e -> teams.put(e.getKey(), e.getValue().asText()));
        this.triage = new TriagePolicy(t.path("influentialFollowers").asLong(10_000), java.util.Set.copyOf(vip),
                duration(t, "watchWindow", Duration.ofMinutes(60)), t.path("incidentAuthors").asInt(3),
                duration(t, "incidentWindow", Duration.ofMinutes(60)), t.path("thankPraise").asBoolean(true),
                duration(t, "advocateWindow", Duration.ofDays(14)), Map.copyOf(teams));
        this.xTier = text(root.path("x"), "tier", null);
        if (xTier != null) {
            XTier.parse(xTier, "Brand file: x.tier"); // a typo fails at start, not at the first reply
        }
        JsonNode g = root.path("guardrails");
        this.guardrails = new GuardrailPolicy(java.util.Set.copyOf(texts(g.path("disabled"))),
                texts(g.path("publishedContacts")), texts(g.path("allowedDomains")), texts(g.path("blockedPhrases")));
        this.teamPolicies = new HashMap<>();
        root.path("teams").fields().forEachRemaining(e -> teamPolicies.put(e.getKey(), TeamPolicy.parse(e.getKey(), e.getValue())));
        if (triage.incidentAuthors() < 2) {
            throw new IllegalStateException("Brand file: triage.incidentAuthors must be at least 2");
        }
    }

    public static BrandConfig load(Settings settings) {
        Optional<String> path = settings.get("CARELOOP_CONFIG");
        if (path.isPresent()) {
            try {
                return parse(Files.readString(Path.of(path.get())));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the brand file named by CARELOOP_CONFIG: " + path.get(), e);
            }
        }
        try (InputStream in = BrandConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BrandConfig parse(String json) {
        try {
            return new BrandConfig(Json.parse(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Brand file is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static Duration duration(JsonNode node, String field, Duration fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : Settings.parseDuration("brand file " + field, v.asText());
    }

    /** The brand file's {@code "x": {"tier": ...}}: {@code pay-per-use} or {@code enterprise}; see {@link XTier}. */
    public Optional<String> xTier() {
        return Optional.ofNullable(xTier);
    }

    public String brandName() {
        return brandName;
    }

    public List<Account> accounts() {
        return List.copyOf(accounts);
    }

    public Optional<Account> account(Platform platform) {
        return accounts.stream().filter(a -> a.platform() == platform).findFirst();
    }

    /** True when the author is one of the brand's own accounts: its posts come back as echoes. */
    public boolean isOwnAccount(Platform platform, String authorId, String handle) {
        return accounts.stream().anyMatch(a -> a.platform() == platform
                && ((a.id() != null && a.id().equals(authorId))
                    || (a.handle() != null && handle != null && a.handle().equalsIgnoreCase(stripAt(handle)))));
    }

    private static String stripAt(String handle) {
        return handle.startsWith("@") ? handle.substring(1) : handle;
    }

    /** Lower-case names and hashtags that refer to the brand without addressing it. */
    public List<String> keywords() {
        return List.copyOf(keywords);
    }

    /** The brand's product names: a post naming one is about that product (its topic key). */
    public List<String> products() {
        return List.copyOf(products);
    }

    /** Extra problem topics and their keywords, on top of careloop's defaults. */
    public Map<String, List<String>> problemKeywords() {
        return Map.copyOf(problemKeywords);
    }

    public ChannelPolicy channelPolicy() {
        return channelPolicy;
    }

    /** The published contact (email or URL) customers are invited to use; empty if none. */
    public String contact() {
        return contact;
    }

    public boolean signReplies() {
        return signReplies;
    }

    /** The shortest cadence of a hand-off's periodic updates an agent may choose. */
    public Duration minUpdateEvery() {
        return minUpdateEvery;
    }

    /** A workaround or where to turn meanwhile, said in every incident post (default: email the contact). */
    public String incidentAdvice() {
        return incidentAdvice;
    }

    /** Post a public note when a comment is removed, saying why. */
    public boolean removedCommentNote() {
        return removedCommentNote;
    }

    public Duration firstResponseSla(Priority priority) {
        return firstResponseSla.get(priority);
    }

    public Duration followUpAfter() {
        return followUpAfter;
    }

    public Duration closeLoopAfter() {
        return closeLoopAfter;
    }

    public GuardrailPolicy guardrails() {
        return guardrails;
    }

    /** Which messages a person approves before they go out, and the SLA's first response. */
    public ReviewPolicy review() {
        return review;
    }

    public TriagePolicy triage() {
        return triage;
    }

    /** A brand's own wording for a template, overriding careloop's default. */
    public Optional<String> template(String name) {
        return Optional.ofNullable(templates.get(name));
    }

    /** The teams the brand file describes (a team it does not name works with {@link TeamPolicy#defaults}). */
    public java.util.Collection<TeamPolicy> teams() {
        return java.util.List.copyOf(teamPolicies.values());
    }

    /** How a team works: the brand file's {@code teams} entry, or the defaults for a team it does not name. */
    public TeamPolicy team(String name) {
        return name == null ? TeamPolicy.defaults(null) : teamPolicies.getOrDefault(name, TeamPolicy.defaults(name));
    }
}
