package io.careloop.voice;

import io.careloop.config.BrandConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every public text before it is posted, whether a template rendered it or an agent typed it. A
 * text that breaks a rule is never posted; the caller is told which rule fired and why.
 *
 * <ul>
 *   <li>{@code no-arguing}: blame, sarcasm or arguing ("as we already said", "actually you", "your fault")</li>
 *   <li>{@code no-compensation}: compensation, refund amounts or admissions of liability in public</li>
 *   <li>{@code no-personal-data}: email addresses and phone numbers other than the brand's published
 *       contacts, order numbers, street addresses</li>
 *   <li>{@code allowed-links}: links only to the brand's allowed domains</li>
 *   <li>{@code no-shouting}: capitals or exclamation marks used to shout</li>
 *   <li>{@code unfilled-variable}: a template's {@code {variable}} left in the text (always on)</li>
 * </ul>
 * Rules can be switched off and extended per brand (brand file {@code guardrails}), except unfilled-variable:
 * a text with an unfilled variable is never right.
 */
public final class Guardrails {
    /** The rule that fired and why, safe to show the agent. */
    public record Violation(String rule, String reason) {
    }

    private static final List<String> ARGUING = List.of("as we already said", "as i already said", "as i said",
            "as we said", "as previously stated", "per my last", "actually you", "actually, you", "you should have",
            "you failed to", "your fault", "you clearly", "obviously you", "calm down", "read the instructions",
            "if you had read", "that's not our problem", "not our problem", "not our fault", "user error",
            "learn to", "good luck with that", "yeah right", "nice try", "whatever");
    private static final List<String> COMPENSATION = List.of("compensation", "compensate", "reimburse", "we will pay",
            "we'll pay", "our fault", "we are liable", "we're liable", "liability", "we admit", "negligence",
            "negligent", "full refund", "free of charge", "voucher", "goodwill payment");
    private static final Pattern MONEY = Pattern.compile("[$£€¥]\\s?\\d|\\d+(?:[.,]\\d{2})?\\s?(?:usd|eur|gbp|dollars|pounds|euros)\\b");
    /** Not preceded by '@': "@lee@fosstodon.org" is a fediverse handle, not an email address. */
    private static final Pattern EMAIL = Pattern.compile("(?<![@\\w.+-])[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w])\\+?\\d[\\d\\s().-]{7,}\\d(?![\\w])");
    private static final Pattern ORDER = Pattern.compile(
            "(?i)\\b(?:order|booking|reference|ref|account|case|ticket|invoice)\\s*(?:no\\.?|number|#|:)?\\s*#?[A-Z0-9-]*\\d{4,}[A-Z0-9-]*\\b|#\\d{5,}");
    private static final Pattern ADDRESS = Pattern.compile(
            "(?i)\\b\\d{1,5}\\s+(?:[A-Z][a-z]+\\s+){1,3}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl)\\b");
    private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s]+|\\bwww\\.[^\\s]+");

    private final Set<String> disabled;
    private final List<String> contacts;
    private final List<String> allowedDomains;
    private final List<String> blockedPhrases;

    public Guardrails(BrandConfig brand) {
        BrandConfig.GuardrailPolicy policy = brand.guardrails();
        this.disabled = policy.disabled();
        List<String> published = new ArrayList<>(policy.publishedContacts());
        if (!brand.contact().isBlank()) {
            published.add(brand.contact());
        }
        this.contacts = published.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        this.allowedDomains = policy.allowedDomains().stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
        this.blockedPhrases = policy.blockedPhrases().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
    }

    /** The first rule the public text breaks, if any. Private messages may carry details, so are not checked. */
    public Optional<Violation> check(String text) {
        Optional<Violation> unfilled = unfilledVariable(text);
        if (unfilled.isPresent()) {
            return unfilled;
        }
        String lower = text.toLowerCase(Locale.ROOT).replace('’', '\'');
        List<Optional<Violation>> checks = List.of(arguing(lower), compensation(lower), personalData(text),
                links(text), shouting(text));
        for (Optional<Violation> v : checks) {
            if (v.isPresent() && !disabled.contains(v.get().rule())) {
                return v;
            }
        }
        return Optional.empty();
    }

    /**
     * The first rule the brand switched off that the text breaks: it is not blocked, but it is worth a person's
     * look before it goes out (a reviewed reply), so a switched-off rule still warns.
     */
    public Optional<Violation> warning(String text) {
        if (disabled.isEmpty()) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT).replace('’', '\'');
        for (Optional<Violation> v : List.of(arguing(lower), compensation(lower), personalData(text), links(text),
                shouting(text))) {
            if (v.isPresent() && disabled.contains(v.get().rule())) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** Any text careloop sends, public or private, is checked for this; the brand cannot switch it off. */
    public static Optional<Violation> unfilledVariable(String text) {
        java.util.regex.Matcher m = Templates.VARIABLE.matcher(text);
        return m.find() ? Optional.of(new Violation("unfilled-variable", "the text still holds " + m.group()
                + ": a template variable nothing filled in")) : Optional.empty();
    }

    private Optional<Violation> arguing(String lower) {
        for (String phrase : ARGUING) {
            if (containsWords(lower, phrase)) {
                return Optional.of(new Violation("no-arguing", "never argue or blame in public: \"" + phrase + "\""));
            }
        }
        for (String phrase : blockedPhrases) {
            if (containsWords(lower, phrase)) {
                return Optional.of(new Violation("no-arguing", "the brand does not say \"" + phrase + "\" in public"));
            }
        }
        return Optional.empty();
    }

    private Optional<Violation> compensation(String lower) {
        for (String phrase : COMPENSATION) {
            if (containsWords(lower, phrase)) {
                return Optional.of(new Violation("no-compensation",
                        "compensation and liability are discussed privately: \"" + phrase + "\""));
            }
        }
        Matcher money = MONEY.matcher(lower);
        if (money.find()) {
            return Optional.of(new Violation("no-compensation", "amounts of money are discussed privately"));
        }
        return Optional.empty();
    }

    private Optional<Violation> personalData(String text) {
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            if (!contacts.contains(email.group().toLowerCase(Locale.ROOT))) {
                return Optional.of(new Violation("no-personal-data", "an email address that is not the brand's published contact"));
            }
        }
        Matcher phone = PHONE.matcher(text);
        while (phone.find()) {
            String digits = phone.group().replaceAll("\\D", "");
            boolean published = contacts.stream().anyMatch(c -> c.replaceAll("\\D", "").equals(digits));
            if (digits.length() >= 8 && !published) {
                return Optional.of(new Violation("no-personal-data", "a phone number that is not the brand's published contact"));
            }
        }
        if (ORDER.matcher(text).find()) {
            return Optional.of(new Violation("no-personal-data", "an order, account or reference number"));
        }
        if (ADDRESS.matcher(text).find()) {
            return Optional.of(new Violation("no-personal-data", "a street address"));
        }
        return Optional.empty();
    }

    private Optional<Violation> links(String text) {
        Matcher url = URL.matcher(text);
        while (url.find()) {
            String host = host(url.group());
            boolean allowed = host != null && allowedDomains.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d));
            if (!allowed) {
                return Optional.of(new Violation("allowed-links", "links may only point to " + allowedDomains
                        + (host == null ? "" : ", not " + host)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> shouting(String text) {
        long letters = text.chars().filter(Character::isLetter).count();
        long capitals = text.chars().filter(Character::isUpperCase).count();
        long shoutedWords = java.util.Arrays.stream(text.split("\\s+"))
                .map(w -> w.replaceAll("[^\\p{L}]", ""))
                .filter(w -> w.length() >= 3 && w.equals(w.toUpperCase(Locale.ROOT)))
                .count();
        if ((letters >= 12 && capitals * 2 > letters) || shoutedWords >= 3 || text.contains("!!")) {
            return Optional.of(new Violation("no-shouting", "no capitals or exclamation marks used to shout"));
        }
        return Optional.empty();
    }

    private static boolean containsWords(String text, String phrase) {
        int from = 0;
        while (true) {
            int at = text.indexOf(phrase, from);
            if (at < 0) {
                return false;
            }
            boolean startOk = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            int end = at + phrase.length();
            boolean endOk = end >= text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startOk && endOk) {
                return true;
            }
            from = at + 1;
        }
    }

    private static String host(String url) {
        try {
            String withScheme = url.toLowerCase(Locale.ROOT).startsWith("www.") ? "https://" + url : url;
            return URI.create(withScheme.replaceAll("[).,!?]+$", "")).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
