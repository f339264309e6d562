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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer's answer to the satisfaction survey sent after their case closed: a private message, soon after, that
 * reads as one rating from 1 to 5 — "4", "4/5", "5 stars", "four", "⭐⭐⭐", "8/10", "3 - ok I guess". It is recorded on
 * the closed case (and as a care event for reports) instead of opening a new one. Anything else is an ordinary message.
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

    /** The rating a message gives, if it reads as exactly one rating from 1 to 5. */
    static OptionalInt parse(String text) {
        if (text == null) {
            return OptionalInt.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.length() > MAX_LENGTH) {
            return OptionalInt.empty();
        }
        long stars = t.codePoints().filter(c -> c == 0x2B50 || c == 0x2605).count();
        if (stars > 0) {
            return stars <= 5 && !t.matches(".*\\d.*") ? OptionalInt.of((int) stars) : OptionalInt.empty();
        }
        Matcher outOf = OUT_OF.matcher(t);
        if (outOf.find()) {
            int value = Integer.parseInt(outOf.group(1));
            int scale = Integer.parseInt(outOf.group(2));
            int rating = scale == 10 ? (int) Math.round(value / 2.0) : value;
            return value <= scale && rating >= 1 && rating <= 5 && !outOf.find() ? OptionalInt.of(rating) : OptionalInt.empty();
        }
        Matcher number = NUMBER.matcher(t);
        Integer found = null;
        while (number.find()) {
            if (found != null) {
                return OptionalInt.empty(); // "between 3 and 4": not one answer
            }
            found = Integer.parseInt(number.group(1));
        }
        if (found == null) {
            Matcher word = WORD.matcher(t);
            if (word.find()) {
                found = WORDS.get(word.group(1));
                if (word.find()) {
                    return OptionalInt.empty();
                }
            }
        }
        return found != null && found >= 1 && found <= 5 ? OptionalInt.of(found) : OptionalInt.empty();
    }

    /**
     * Records the mention as the answer to the survey of the customer's last resolved case, if it is one.
     *
     * @return the outcome, or empty when the mention is not a survey answer (triage goes on as usual)
     */
    Optional<TriageService.Outcome> answer(Mention mention, CustomerContext customer) {
        if (!mention.isPrivate() || customer.lastResolvedCaseId() == null || customer.lastResolvedAt() == null
                || customer.lastResolvedAt().isBefore(clock.instant().minus(WINDOW))) {
            return Optional.empty();
        }
        OptionalInt rating = parse(mention.text());
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
