package io.careloop.voice;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import io.careloop.cases.ActionType;
import io.careloop.cases.Case;
import io.careloop.config.BrandConfig;
import io.careloop.core.Platform;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The words careloop uses, in a personal voice ("I", not "we"), signed with the assigned agent's initials
 * where the brand wants it. A brand overrides any template by name in its brand file; variables are
 * {@code {greeting}}, {@code {name}}, {@code {contact}}, {@code {brand}}, {@code {note}} and {@code {signature}}.
 */
public final class Templates {
    /** A template variable, {@code {name}}. */
    static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
    private static final DateTimeFormatter HUMAN_TIME =
            DateTimeFormatter.ofPattern("HH:mm 'UTC' 'on' EEE d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** The suffix of the email-step wordings for a platform without private messages. */
    private static final String EMAIL_ONLY = "@email-only";
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("acknowledge.private-first", "{greeting}I'm so sorry {sorryAbout}. I'd like to put it right: "
                    + "could you send me a DM with the details{contactClause}? {signature}"),
            Map.entry("acknowledge.public-first", "{greeting}I'm so sorry {sorryAbout}. I'm looking into it now and "
                    + "I'll update you right here. {signature}"),
            Map.entry("acknowledge.private", "Hi {name}, I'm so sorry {sorryAbout}. I'm on it: could you tell me a little "
                    + "more so I can put it right? {signature}"),
            // Outside the team's hours the first reply says when a person is back ({backAt}, in the team's time).
            Map.entry("acknowledge.out-of-hours", "{greeting}I'm so sorry {sorryAbout}. I'm not at my desk right now: "
                    + "I'll be back at {backAt} and will pick this up first thing. {signature}"),
            // One question, privately, after the loop is closed; the answer is read by triage (SurveyAnswers).
            Map.entry("csat_survey", "Hi {name}, thanks again for bearing with me. One quick question: how would you rate "
                    + "the help you got, from 1 (poor) to 5 (great)? Just reply with a number. {signature}"),
            Map.entry("follow_up", "{greeting}Just checking in: I'm still here to help whenever suits you. "
                    + "A DM is the quickest way to reach me. {signature}"),
            Map.entry("resolution", "{greeting}{note} {signature}"),
            Map.entry("close_loop", "{greeting}Thank you for your patience while I sorted this out. If you have a moment, "
                    + "I'd love to hear how it went. {signature}"),
            Map.entry("holding", "{greeting}I'm so sorry: I know about this problem and the team is working on it right now. "
                    + "I'll update you here as soon as it's fixed. {signature}"),
            Map.entry("incident_update", "{greeting}An update: others are seeing the same problem, so the team is working on "
                    + "it as one incident. I'll tell you here as soon as it's fixed. {signature}"),
            Map.entry("incident_post", "Some of you are having trouble with {topicForEveryone} right now. I'm sorry: the team "
                    + "is on it, and I'll post an update here as soon as it's fixed. {incidentHelp}"),
            Map.entry("thank_you", "{greeting}Thank you, that's lovely to hear! {signature}"),
            Map.entry("apologise_private", "{greeting}I'm really sorry about this. So I can look at your details without "
                    + "sharing them here, could you send me a DM{contactClause}? {signature}"),
            Map.entry("continuing_in_dm", "{greeting}Thanks, I've got your message: let's continue in DM. {signature}"),
            // Periodic updates take turns, each naming when the next comes: never the same words twice in a row.
            Map.entry("progress_update", "{greeting}A quick update: the team is still working on this and I haven't forgotten "
                    + "you. I'll be back in touch by {due}. {signature}"),
            Map.entry("progress_update_2", "{greeting}Still on it: the team hasn't finished yet, and I'm keeping an eye on it "
                    + "for you. Next update by {due}. {signature}"),
            Map.entry("progress_update_3", "{greeting}Checking in as promised: this is still with the team. You'll hear from "
                    + "me again by {due}. {signature}"),
            Map.entry("progress_update_note", "{greeting}An update from the team: {note} I'll be back in touch by {due}. "
                    + "{signature}"),
            Map.entry("handoff", "{greeting}I've passed this to our {team} team, who have it now. I'll update you here by "
                    + "{due}. {signature}"),
            Map.entry("promise", "{greeting}I'll get back to you by {due} with an update. {signature}"),
            Map.entry("promise_update", "{greeting}I promised you an update by {due}, and I'm sorry it's taken longer: the team "
                    + "is still on it and I'll be back in touch as soon as I can. {signature}"),
            Map.entry("removed_note", "I've removed a comment here because it broke our community guidelines ({category})."),
            Map.entry("incident_resolved", "Update: the problem with {topicForEveryone} is fixed. {note} Thank you for your patience, "
                    + "and I'm sorry for the trouble."),
            // Where a platform has no private messages, the private step is an email.
            Map.entry("invite_private", "{greeting}I'd like to help with this privately, and there are no private messages "
                    + "here: could you email me at {contact}? {signature}"),
            Map.entry("invite_private@facebook", "{greeting}I'd like to help with this privately: could you send us a message, "
                    + "or email me at {contact}? {signature}"),
            Map.entry("invite_private@instagram", "{greeting}I'd like to help with this privately: could you send us a DM, "
                    + "or email me at {contact}? {signature}"),
            // Bluesky has DMs, but a customer may accept them only from accounts they follow, or from none: then
            // the private step is an email, and the words say why, truthfully.
            Map.entry("invite_private@bluesky", "{greeting}I'd like to help with this privately, but I can't send you a "
                    + "message here: could you email me at {contact}? {signature}"),

            // The Threads API has no private messages either: the private step is an email.
            Map.entry("acknowledge.private-first@threads", "{greeting}I'm so sorry {sorryAbout}. I'd like to put it right: "
                    + "could you email me the details at {contact}? {signature}"),
            Map.entry("apologise_private@threads", "{greeting}I'm really sorry about this. So I can look at your details "
                    + "without sharing them here, could you email me at {contact}? {signature}"),
            Map.entry("follow_up@threads", "{greeting}Just checking in: I'm still here to help whenever suits you. "
                    + "Email {contact} is the quickest way to reach me. {signature}"),
            // Any platform careloop cannot message privately on (Bluesky with its DMs turned off): the same email step.
            Map.entry("acknowledge.private-first" + EMAIL_ONLY, "{greeting}I'm so sorry {sorryAbout}. I'd like to put it "
                    + "right: could you email me the details at {contact}? {signature}"),
            Map.entry("apologise_private" + EMAIL_ONLY, "{greeting}I'm really sorry about this. So I can look at your "
                    + "details without sharing them here, could you email me at {contact}? {signature}"),
            Map.entry("follow_up" + EMAIL_ONLY, "{greeting}Just checking in: I'm still here to help whenever suits you. "
                    + "Email {contact} is the quickest way to reach me. {signature}"));

    /** The first reply to a case opened while its team was out. */
    public static final String OUT_OF_HOURS_ACKNOWLEDGEMENT = "acknowledge.out-of-hours";

    private final BrandConfig brand;
    /** Platforms careloop cannot message privately on right now, whose words must not invite a DM nobody reads. */
    private final java.util.function.Predicate<Platform> withoutPrivateMessages;

    public Templates(BrandConfig brand) {
        this(brand, p -> false);
    }

    /** @param withoutPrivateMessages where careloop has no private messages: the words invite an email instead */
    public Templates(BrandConfig brand, java.util.function.Predicate<Platform> withoutPrivateMessages) {
        this.brand = brand;
        this.withoutPrivateMessages = withoutPrivateMessages;
    }

    /** Every template careloop ships, by name (platform variants, {@code name@platform}, are picked by themselves). */
    public static java.util.Set<String> names() {
        return DEFAULTS.keySet().stream().filter(n -> !n.contains("@"))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * When a person of the case's team is back, worded for the customer, if the case opened while the team was out.
     * Fixed by the opening time, not the time of sending, so a retried reply says the same words.
     */
    public java.util.Optional<String> backAt(Case c) {
        var team = brand.team(c.team());
        return c.createdAt() == null ? java.util.Optional.empty()
                : team.backAt(c.createdAt()).map(at -> team.hours().describe(at));
    }

    /** The template name an action uses. */
    public String templateFor(ActionType type, boolean isPrivate) {
        return switch (type) {
            case ACKNOWLEDGE -> isPrivate ? "acknowledge.private"
                    : brand.channelPolicy() == BrandConfig.ChannelPolicy.PUBLIC_FIRST
                    ? "acknowledge.public-first" : "acknowledge.private-first";
            case FOLLOW_UP -> "follow_up";
            case RESOLUTION -> "resolution";
            case CLOSE_LOOP -> "close_loop";
            case HOLDING -> "holding";
            case INCIDENT_UPDATE -> "incident_update";
            case INCIDENT_POST -> "incident_post";
            case THANK_YOU -> "thank_you";
            case PROMISE_UPDATE -> "promise_update";
            case PROGRESS_UPDATE -> "progress_update";
            case HANDOFF_NOTICE -> "handoff";
            case CONTINUING_IN_DM -> "continuing_in_dm";
            case REMOVED_NOTE -> "removed_note";
            case INCIDENT_RESOLVED -> "incident_resolved";
            case CSAT_SURVEY -> "csat_survey";
            case AGENT_REPLY, MODERATE, PROMISE, HANDOFF_DELIVERY -> throw new IllegalArgumentException(type + " has no template");
        };
    }

    /** A template for a case: its customer, owner and what they wrote about. */
    public String render(String template, Case c, boolean isPrivate, String note) {
        return render(template, c.platform(), c.customer(), c.assignee(), isPrivate, note,
                c.topic() == null ? Map.of() : Map.of("topic", c.topic()));
    }

    /**
     * @param customer the person addressed, or null for a post to everyone
     * @param extra    more variables, e.g. {@code topic} for an incident post
     */
    public String render(String template, Platform platform, io.careloop.core.Author customer, String assignee,
                         boolean isPrivate, String note, Map<String, String> extra) {
        return render(template, "en", platform, customer, assignee, isPrivate, note, extra);
    }

    /**
     * Renders a template in a language: the brand's {@code name.<language>} (e.g. {@code promise.es}) if it
     * has one; careloop's own wording is English.
     *
     * @throws IllegalArgumentException when the brand has no template in that language
     */
    public String render(String template, String language, Platform platform, io.careloop.core.Author customer,
                         String assignee, boolean isPrivate, String note, Map<String, String> extra) {
        boolean english = language == null || language.equals("en");
        java.util.Optional<String> localised = english ? java.util.Optional.empty()
                : brand.template(template + "." + language);
        if (!english && localised.isEmpty()) {
            throw new IllegalArgumentException("the brand has no '" + template + "' template in " + language
                    + " (add \"" + template + "." + language + "\" to its templates)");
        }
        String variant = platform == null ? template : template + "@" + platform.id();
        String text = localised.or(() -> brand.template(variant)).or(() -> brand.template(template)).orElseGet(() -> {
            String t = DEFAULTS.containsKey(variant) ? DEFAULTS.get(variant)
                    : platform != null && DEFAULTS.containsKey(template + EMAIL_ONLY) && withoutPrivateMessages.test(platform)
                    ? DEFAULTS.get(template + EMAIL_ONLY) : DEFAULTS.get(template);
            if (t == null) {
                throw new IllegalArgumentException("no template named " + template);
            }
            return t;
        });
        return fill(template, text, platform, customer, assignee, isPrivate, note, extra);
    }

    /**
     * Fills a text's variables as a template's are (a team's saved reply is such a text): the same variables, and
     * the same strictness — a variable nothing fills throws, so the text is never sent with it.
     *
     * @param name what the text is called in the error, e.g. {@code saved reply Billing/refund}
     */
    public String fill(String name, String text, Platform platform, io.careloop.core.Author customer, String assignee,
                       boolean isPrivate, String note, Map<String, String> extra) {
        String template = name;
        Map<String, String> vars = new java.util.HashMap<>(extra);
        vars.put("greeting", isPrivate || customer == null ? "" : greeting(platform, customer));
        vars.put("name", knownName(customer).map(Templates::firstName).orElse("there"));
        // No contact configured: left unfilled, so a text that needs one is blocked, never posted as "email me at ?".
        if (!brand.contact().isBlank()) {
            vars.put("contact", brand.contact());
        }
        vars.put("contactClause", brand.contact().isEmpty() ? "" : " or email " + brand.contact());
        vars.put("brand", brand.brandName());
        vars.put("note", note == null ? "" : note);
        vars.put("signature", signature(assignee));
        // What the customer wrote about, named as a person would (the topic key is triage's: "acme-app", "delivery").
        String topic = extra.get("topic");
        vars.putIfAbsent("sorryAbout", TopicPhrases.sorryAbout(topic, brand.products()));
        vars.putIfAbsent("topicForEveryone", TopicPhrases.forEveryone(topic, brand.products()));
        vars.putIfAbsent("incidentHelp", !brand.incidentAdvice().isEmpty() ? brand.incidentAdvice()
                : brand.contact().isEmpty() ? "" : "If you need us meanwhile, email " + brand.contact() + ".");
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                throw new UnfilledVariable(template, m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\\s+", " ").trim();
    }

    /** The periodic update to send after {@code sent} others: the team's news if there is some, else the next wording. */
    public static String progressUpdateFor(int sent, boolean hasNote) {
        if (hasNote) {
            return "progress_update_note";
        }
        return switch (Math.floorMod(sent, 3)) {
            case 0 -> "progress_update";
            case 1 -> "progress_update_2";
            default -> "progress_update_3";
        };
    }

    /** A time as a customer reads it in a promise: "15:00 UTC on Mon 23 Nov". */
    public static String humanTime(Instant at) {
        return HUMAN_TIME.format(at);
    }

    /** A template asked for a variable nothing gave it: the text is never sent with the {@code {name}} in it. */
    public static final class UnfilledVariable extends IllegalStateException {
        public UnfilledVariable(String template, String variable) {
            super("template " + template + " needs " + variable + ", which nothing filled in");
        }
    }

    /** Public replies address the customer the way the platform shows them. */
    static String greeting(Platform platform, io.careloop.core.Author customer) {
        return platform == Platform.FACEBOOK ? firstName(customer.name()) + ", " : "@" + customer.handle() + " ";
    }

    /** Messenger and X DMs often name no one: then the id stands in for the name, and "Hi 7123" must not go out. */
    private static java.util.Optional<String> knownName(io.careloop.core.Author customer) {
        if (customer == null || customer.name() == null || customer.name().isBlank() || customer.name().equals(customer.id())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(customer.name());
    }

    private static String firstName(String name) {
        String trimmed = name == null ? "" : name.trim();
        int space = trimmed.indexOf(' ');
        return space > 0 ? trimmed.substring(0, space) : trimmed;
    }

    /** "^DA" for agent Dana Adams, when the brand signs its replies and the case has an owner. */
    String signature(String assignee) {
        if (!brand.signReplies() || assignee == null || assignee.isBlank()) {
            return "";
        }
        String initials = Arrays.stream(assignee.trim().split("[\\s._@-]+"))
                .filter(w -> !w.isEmpty())
                .limit(2)
                .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT))
                .collect(Collectors.joining());
        return "^" + initials;
    }
}
