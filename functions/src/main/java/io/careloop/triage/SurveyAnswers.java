package io.careloop.triage;

import io.careloop.cases.Case;
import io.careloop.cases.CaseWithTimeline;
import io.careloop.cases.ClaimResult;
import io.careloop.cases.CustomerContext;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.core.Mention;
import io.careloop.events.CareEvent;
import io.careloop.events.CareEvents;
import io.careloop.observe.Log;
import io.careloop.store.CaseRepository;
import io.careloop.store.MentionClaims;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer's answer to the satisfaction survey sent after their case closed: a private message, soon after, that
 * is one rating from 1 to 5 — "4", "4/5", "5 stars", "four", "⭐⭐⭐", "8/10", "3 - ok I guess" — and nothing more. It is
 * recorded on the closed case (and as a care event for reports) instead of opening a new one. Anything else, and any
 * message triage reads as a complaint, a question or a problem, is an ordinary message and goes through triage.
 */
final class SurveyAnswers {
    /** How long after the resolution a rating is taken as the survey's answer. */
    static final Duration WINDOW = Duration.ofDays(7);
    /** An answer is short; a longer message is a conversation, whatever digits it holds. */
    static final int MAX_LENGTH = 60;
    static final String SURVEYED = "csat_survey ";
    static final String ANSWERED = "csat answer ";
    private static final Map<String, Integer> WORDS = Map.of("one", 1, "two", 2, "three", 3, "four", 4, "five", 5);
    private static final Pattern OUT_OF = Pattern.compile("(?<!\\d)(\\d{1,2})\\s*(?:/|out of|of)\\s*(5|10)(?!\\d)");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.,])(\\d{1,2})(?![\\d.,]*\\d)");
    private static final Pattern WORD = Pattern.compile("\\b(one|two|three|four|five)\\b");
    private static final Pattern LETTERS = Pattern.compile("[\\p{L}']+");
    /** Words that may stand beside a rating: thanks, a word on the service, a hedge. Any other word makes it a message. */
    private static final Set<String> POLITE = Set.of("thanks", "thank", "you", "thx", "ty", "cheers", "much", "many",
            "great", "good", "ok", "okay", "fine", "nice", "excellent", "awesome", "amazing", "perfect", "brilliant",
            "lovely", "quick", "fast", "friendly", "helpful", "poor", "bad", "awful", "terrible", "average", "meh",
            "service", "support", "team", "experience", "job", "work", "overall", "very", "really", "so", "pretty",
            "quite", "not", "too", "i", "i'd", "id", "i'll", "say", "guess", "give", "would", "it", "it's", "its", "was",
            "is", "that", "a", "an", "the", "and", "my", "from", "me", "for", "of", "out", "star", "stars", "rating",
            "score", "again", "all", "in", "yes", "yep", "sure", "well", "done", "hi", "hello");
    private static final Log LOG = Log.of(SurveyAnswers.class);

    private final MentionClaims claims;
    private final CaseRepository cases;
    private final CareEvents events;
    private final Clock clock;

    SurveyAnswers(MentionClaims claims, CaseRepository cases, CareEvents events, Clock clock) {
        this.claims = claims;
        this.cases = cases;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The rating a message gives, if it is a rating and nothing more: exactly one rating from 1 to 5, with at most a
     * few polite or evaluative words around it ("5 stars, thank you", "3 - ok I guess"). A message that says anything
     * else ("still broken after 2 days") is a conversation, whatever digits it holds.
     */
    static OptionalInt parse(String text) {
        if (text == null) {
            return OptionalInt.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        if (t.isEmpty() || t.length() > MAX_LENGTH) {
            return OptionalInt.empty();
        }
        long stars = t.codePoints().filter(c -> c == 0x2B50 || c == 0x2605).count();
        if (stars > 0) {
            String rest = t.replace("\u2B50", " ").replace("\u2605", " ");
            return stars <= 5 && onlyPoliteWords(rest) ? OptionalInt.of((int) stars) : OptionalInt.empty();
        }
        Matcher outOf = OUT_OF.matcher(t);
        if (outOf.find()) {
            int value = Integer.parseInt(outOf.group(1));
            int scale = Integer.parseInt(outOf.group(2));
            int rating = scale == 10 ? (int) Math.round(value / 2.0) : value;
            String rest = t.substring(0, outOf.start()) + " " + t.substring(outOf.end());
            return value <= scale && rating >= 1 && rating <= 5 && onlyPoliteWords(rest)
                    ? OptionalInt.of(rating) : OptionalInt.empty();
        }
        Matcher number = NUMBER.matcher(t);
        Integer found = null;
        String rest = t;
        while (number.find()) {
            if (found != null) {
                return OptionalInt.empty(); // "between 3 and 4": not one answer
            }
            found = Integer.parseInt(number.group(1));
            rest = t.substring(0, number.start()) + " " + t.substring(number.end());
        }
        if (found == null) {
            Matcher word = WORD.matcher(t);
            if (word.find()) {
                found = WORDS.get(word.group(1));
                rest = t.substring(0, word.start()) + " " + t.substring(word.end());
                if (word.find()) {
                    return OptionalInt.empty();
                }
            }
        }
        return found != null && found >= 1 && found <= 5 && onlyPoliteWords(rest)
                ? OptionalInt.of(found) : OptionalInt.empty();
    }

    /**
     * The rating a message gives as triage reads it: never when triage reads a complaint, a question, an urgent
     * report or a named problem in it, since answering one with a survey entry would leave the customer unheard.
     */
    static OptionalInt parse(String text, Judgement judgement) {
        if (judgement.intent() == Intent.COMPLAINT || judgement.intent() == Intent.QUESTION || judgement.complaint()
                || judgement.problem() != null || judgement.urgent() || judgement.hostile()) {
            return OptionalInt.empty();
        }
        return parse(text);
    }

    /** What is left around the rating holds no other figure and only words that go with a rating. */
    private static boolean onlyPoliteWords(String rest) {
        if (rest.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        Matcher word = LETTERS.matcher(rest);
        while (word.find()) {
            if (!POLITE.contains(word.group())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Records the mention as the answer to the survey of the customer's last resolved case, if it is one.
     *
     * @return the outcome, or empty when the mention is not a survey answer (triage goes on as usual)
     */
    Optional<TriageService.Outcome> answer(Mention mention, Judgement judgement, CustomerContext customer) {
        if (!mention.isPrivate() || customer.lastResolvedCaseId() == null || customer.lastResolvedAt() == null
                || customer.lastResolvedAt().isBefore(clock.instant().minus(WINDOW))) {
            return Optional.empty();
        }
        OptionalInt rating = parse(mention.text(), judgement);
        if (rating.isEmpty()) {
            return Optional.empty();
        }
        Optional<CaseWithTimeline> found = cases.getCaseWithTimeline(customer.lastResolvedCaseId());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        boolean surveyed = found.get().timeline().stream().anyMatch(e -> e.kind() == TimelineKind.REPLY
                && e.note() != null && e.note().startsWith(SURVEYED));
        boolean answered = found.get().timeline().stream().anyMatch(e -> e.note() != null && e.note().startsWith(ANSWERED));
        if (!surveyed || answered) {
            return Optional.empty();
        }
        Case c = found.get().theCase();
        int score = rating.getAsInt();
        TimelineEntry entry = new TimelineEntry(clock.instant(), TimelineKind.MESSAGE, "@" + mention.author().handle(),
                mention.text(), true, mention.id(), ANSWERED + score + "/5");
        ClaimResult result = claims.joinCase(c.id(), mention, entry, false);
        if (result.outcome() == ClaimResult.Outcome.DUPLICATE) {
            return Optional.of(TriageService.Outcome.DUPLICATE);
        }
        events.publish(CareEvent.of(CareEvent.Type.CSAT_RECEIVED, clock.instant(), c.id(), "score", score,
                "team", c.team(), "assignee", c.assignee(), "platform", c.platform().id()));
        LOG.info("survey answered", "caseId", c.id(), "score", score);
        return Optional.of(TriageService.Outcome.JOINED);
    }
}
