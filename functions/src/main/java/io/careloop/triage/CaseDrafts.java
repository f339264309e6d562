package io.careloop.triage;

import io.careloop.cases.TimelineKind;
import io.careloop.cases.Case;
import io.careloop.cases.CaseIds;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.config.BrandConfig;
import io.careloop.core.Mention;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/** The cases and timeline entries triage writes, drafted from a mention and its judgement. */
final class CaseDrafts {
    /** How much of the opening post the inbox shows. */
    private static final int FIRST_WORDS = 140;

    private final BrandConfig brand;
    private final BrandConfig.TriagePolicy policy;
    private final Clock clock;

    CaseDrafts(BrandConfig brand, Clock clock) {
        this.brand = brand;
        this.policy = brand.triage();
        this.clock = clock;
    }

    /** A new case with its priority, first-response deadline and team. */
    Case newCase(Mention mention, Judgement judgement, boolean repeatContact, boolean influential) {
        Priority priority = priority(judgement, repeatContact, influential);
        Instant now = clock.instant();
        String team = policy.teamFor(judgement.topic());
        // On the team's clock: where the brand counts business hours, a deadline runs only while the team is in.
        Instant due = brand.team(team).deadline(now, brand.firstResponseSla(priority));
        return new Case(CaseIds.forOpeningMention(mention.key()), CaseStatus.NEW, priority, mention.platform(),
                mention.author(), mention.threadId(), mention.isPrivate() ? null : mention.id(), firstWords(mention),
                null, team, judgement.topic(), now, due,
                null, null, false, null, false, judgement.hostile() ? 1 : 0, 0, mention.brandAccount())
                .toBuilder().replyToDirect(mention.direct()).build();
    }

    /**
     * What triage knows at opening that needs a person to see the first reply, whatever the brand's send policy
     * (README, "Reviewed replies"): outreach to someone who did not address the brand, an uncertain judgement.
     */
    java.util.List<String> reviewCues(Mention mention, Judgement judgement, double threshold) {
        java.util.List<String> cues = new java.util.ArrayList<>();
        if (!mention.direct()) {
            cues.add("outreach: a first contact with someone who did not address the brand");
        }
        if (judgement.intent() == Intent.PRAISE || judgement.praiseOverComplaint()) {
            cues.add("praise words in a post with negative cues: possibly sarcasm");
        }
        if (Math.abs(judgement.complaintProbability() - threshold) < brand.review().margin()) {
            cues.add(String.format(Locale.ROOT, "uncertain judgement: complaint probability %.2f is within %.2f of %.2f",
                    judgement.complaintProbability(), brand.review().margin(), threshold));
        }
        return cues;
    }

    /** The audit record of a moderation: it holds no claim on the customer and is never answered. */
    Case moderationRecord(Mention mention, String category) {
        Instant now = clock.instant();
        return new Case(CaseIds.forOpeningMention(mention.key()), CaseStatus.MODERATED, Priority.P4,
                mention.platform(), mention.author(), mention.threadId(), mention.id(), firstWords(mention), null,
                policy.teamFor("moderation"), category, now, now, null, null, false, null, false, 0, 0, mention.brandAccount());
    }

    /**
     * P1..P4 from urgency, the complaint and its sentiment; one level higher for reach (followers, verified,
     * VIP) and for a customer who has been in touch before.
     */
    static Priority priority(Judgement judgement, boolean repeatContact, boolean influential) {
        int level;
        if (judgement.urgent()) {
            level = 1;
        } else if (judgement.complaint() && judgement.sentiment() <= -0.5) {
            level = 2;
        } else if (judgement.complaint()) {
            level = 3;
        } else {
            level = 4;
        }
        if (influential) {
            level--;
        }
        if (repeatContact) {
            level--;
        }
        return Priority.values()[Math.max(1, level) - 1];
    }

    /** The customer's words on the timeline, with triage's decision and the cues behind it as the note. */
    TimelineEntry inbound(Mention mention, Judgement judgement, String decision) {
        String why = decision + "; triage: " + judgement.intent().name().toLowerCase(Locale.ROOT)
                + String.format(Locale.ROOT, ", complaint probability %.2f, sentiment %.2f, topic %s",
                        judgement.complaintProbability(), judgement.sentiment(), judgement.topic())
                + (judgement.reasons().isEmpty() ? "" : " (" + String.join("; ", judgement.reasons()) + ")");
        // A mention a producer queued without a time is placed when careloop saw it.
        Instant at = mention.createdAt() != null ? mention.createdAt() : clock.instant();
        return new TimelineEntry(at, mention.isPrivate() ? TimelineKind.MESSAGE : TimelineKind.MENTION,
                "@" + mention.author().handle(), mention.text(), mention.isPrivate(), mention.id(), why);
    }

    private static String firstWords(Mention mention) {
        return mention.text().length() > FIRST_WORDS ? mention.text().substring(0, FIRST_WORDS) + "…" : mention.text();
    }
}
