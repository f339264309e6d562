package io.careloop.triage;

import io.careloop.cases.TimelineKind;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.ClaimOutcome;
import io.careloop.cases.ClaimResult;
import io.careloop.cases.ConflictRetry;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Mention;
import io.careloop.observe.Log;
import io.careloop.store.CaseRepository;
import io.careloop.store.MentionClaims;
import io.careloop.triage.TriageService.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Edits, deletions and hides of posts. On a case, each is recorded in the timeline (the original stays, for the
 * record); an edit of a post careloop has not seen is triaged as the post; a post deleted or hidden before careloop
 * saw it is claimed as such, so its late arrival is never answered.
 */
final class MentionChanges {
    private static final Log LOG = Log.of(MentionChanges.class);

    private final MentionClaims claims;
    private final CaseRepository cases;
    private final Clock clock;

    MentionChanges(MentionClaims claims, CaseRepository cases, Clock clock) {
        this.claims = claims;
        this.cases = cases;
        this.clock = clock;
    }

    /**
     * @param triage  how an edit of an unseen post is triaged as the post
     * @param ignored how a claim of an unseen deleted or hidden post is reported
     */
    Outcome record(Mention mention, Function<Mention, Outcome> triage, BiFunction<Mention, ClaimResult, Outcome> ignored) {
        var claim = claims.claimOf(mention.key());
        if (claim.isEmpty()) {
            if (mention.change() == Mention.Change.EDITED) {
                return triage.apply(mention.asChange(null));
            }
            String what = mention.change() == Mention.Change.DELETED ? "deleted" : "hidden";
            return ignored.apply(mention, claims.recordWithoutCase(mention, ClaimOutcome.IGNORED, what + " before careloop saw it"));
        }
        String caseId = claim.get().caseId();
        if (caseId == null) {
            LOG.info("change to a mention without a case; nothing to record", "platform", mention.platform().id(),
                    "platformId", mention.id(), "change", mention.change().name());
            return Outcome.IGNORED;
        }
        TimelineKind kind = TimelineKind.valueOf(mention.change().name());
        String note = switch (mention.change()) {
            case EDITED -> "the customer edited this post";
            case DELETED -> "the customer deleted this post (or the platform removed it)";
            case HIDDEN -> "hidden on " + mention.platform().id();
        };
        // The entry's time and ref come from the event, so a redelivery writes the same entry again, not a second one.
        Instant at = mention.createdAt() != null ? mention.createdAt() : clock.instant();
        TimelineEntry entry = new TimelineEntry(at, kind, "@" + mention.author().handle(),
                mention.change() == Mention.Change.EDITED ? mention.text() : null, mention.isPrivate(),
                mention.id() + "#" + kind.stored(), note);
        // A conflict that outlasts the retries fails the record, and SQS delivers the change again.
        return ConflictRetry.untilApplied(() -> {
            Case c = cases.getCase(caseId).orElse(null);
            if (c == null) {
                return Outcome.IGNORED;
            }
            cases.apply(CaseChange.of(c, c, entry));
            LOG.info("mention change recorded", "caseId", caseId, "platform", mention.platform().id(),
                    "platformId", mention.id(), "change", kind.stored());
            return Outcome.UPDATED;
        });
    }
}
