package io.careloop.cases;

import java.util.Optional;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import java.time.Instant;

/**
 * One thing careloop will do on a platform, identified by a key that is done at most once.
 *
 * @param key             exactly-once key, e.g. {@code c_ab12#ACKNOWLEDGE}
 * @param caseId          the case it belongs to; null for an incident post or a thank-you
 * @param inReplyTo       the platform id being answered (public), or hidden (moderation); null for a new post
 * @param text            explicit text (an agent's reply); null means render the action's template
 * @param actor           who asked for it: {@code careloop} or an agent
 * @param recipientId     the customer's platform id, when there is no case to read it from
 * @param recipientHandle the customer's handle, when there is no case to read it from
 * @param incidentId      the incident a holding message or incident post is about
 * @param category        for moderation: {@code spam} or {@code abuse}
 * @param dueAt           the time the message names: a broken promise's promised time, or when the customer
 *                        hears next (a hand-off, a periodic update)
 * @param review          why triage wants a person to see this reply before it goes out (an outreach to someone
 *                        who did not address the brand, an uncertain judgement); null or empty for none
 * @param approved        a person approved this text (a reviewed draft): it is posted as it is, never drafted again
 * @param team            for a hand-off notice: the team the case was handed to, carried in the action because the
 *                        notice is queued before the case records the new team; null otherwise
 */
public record Action(
        String key,
        ActionType type,
        String caseId,
        Platform platform,
        String inReplyTo,
        String text,
        boolean isPrivate,
        String actor,
        String recipientId,
        String recipientHandle,
        String incidentId,
        String category,
        Instant dueAt,
        java.util.List<String> review,
        boolean approved,
        String team) {

    public Action(String key, ActionType type, String caseId, Platform platform, String inReplyTo, String text,
                  boolean isPrivate, String actor, String recipientId, String recipientHandle, String incidentId,
                  String category, Instant dueAt, java.util.List<String> review, boolean approved) {
        this(key, type, caseId, platform, inReplyTo, text, isPrivate, actor, recipientId, recipientHandle, incidentId,
                category, dueAt, review, approved, null);
    }

    public Action(String key, ActionType type, String caseId, Platform platform, String inReplyTo, String text,
                  boolean isPrivate, String actor, String recipientId, String recipientHandle, String incidentId,
                  String category, Instant dueAt) {
        this(key, type, caseId, platform, inReplyTo, text, isPrivate, actor, recipientId, recipientHandle, incidentId,
                category, dueAt, null, false);
    }

    public Action(String key, ActionType type, String caseId, Platform platform, String inReplyTo, String text,
                  boolean isPrivate, String actor, String recipientId, String recipientHandle, String incidentId,
                  String category) {
        this(key, type, caseId, platform, inReplyTo, text, isPrivate, actor, recipientId, recipientHandle, incidentId,
                category, null);
    }

    public Action(String key, ActionType type, String caseId, Platform platform, String inReplyTo, String text,
                  boolean isPrivate, String actor) {
        this(key, type, caseId, platform, inReplyTo, text, isPrivate, actor, null, null, null, null);
    }

    /** careloop's own actions: triage, follow-ups and incidents. */
    public static final String CARELOOP = "careloop";

    // The action key says what may happen at most once: one acknowledgement per case (a holding reply takes its
    // place), one agent reply per idempotency key, one follow-up per due time, one moderation per post.

    /** The type an action key names: every key above says it ({@code c_1#ACKNOWLEDGE#...}), a thank-you by its prefix. */
    public static Optional<ActionType> typeOfKey(String actionKey) {
        if (actionKey.startsWith("thanks#")) {
            return Optional.of(ActionType.THANK_YOU);
        }
        for (String part : actionKey.split("#")) {
            for (ActionType type : ActionType.values()) {
                if (type.name().equals(part)) {
                    return Optional.of(type);
                }
            }
        }
        return Optional.empty();
    }

    /** The first public reply to a case (or, for a private mention, the first private one). */
    public static Action acknowledge(String caseId, Mention mention) {
        return new Action(caseId + "#" + ActionType.ACKNOWLEDGE.name(), ActionType.ACKNOWLEDGE, caseId, mention.platform(),
                mention.isPrivate() ? null : mention.publicReplyTarget(), null, mention.isPrivate(), CARELOOP);
    }

    /** The incident's holding reply, keyed as the acknowledgement: a customer gets one first reply. */
    public static Action holding(String caseId, Mention mention, String incidentId) {
        return new Action(caseId + "#" + ActionType.ACKNOWLEDGE.name(), ActionType.HOLDING, caseId, mention.platform(),
                mention.isPrivate() ? null : mention.publicReplyTarget(), null, mention.isPrivate(), CARELOOP, null, null,
                incidentId, null);
    }

    /**
     * For a customer already answered when their case joined an incident: an update naming the incident. (A case not
     * yet answered needs nothing more: its own first reply, queued or held for review, says the holding words.)
     */
    public static Action incidentUpdate(Case c, String incidentId) {
        return new Action(c.id() + "#" + ActionType.INCIDENT_UPDATE.name(), ActionType.INCIDENT_UPDATE, c.id(),
                c.platform(), c.replyTo(), null, c.replyTo() == null, CARELOOP, null, null, incidentId, null);
    }

    /** The incident's one proactive community post. */
    public static Action incidentPost(String incidentId, Platform platform) {
        return new Action(incidentId + "#" + ActionType.INCIDENT_POST.name(), ActionType.INCIDENT_POST, null, platform,
                null, null, false, CARELOOP, null, null, incidentId, null);
    }

    /** The incident's outcome and advice to the community. */
    public static Action incidentResolved(String incidentId, Platform platform, String community, String actor) {
        return new Action(incidentId + "#" + ActionType.INCIDENT_RESOLVED.name(), ActionType.INCIDENT_RESOLVED, null,
                platform, null, community, false, actor, null, null, incidentId, null);
    }

    /** A thank-you for praise that needs no case. */
    public static Action thankYou(Mention mention) {
        return new Action("thanks#" + mention.key(), ActionType.THANK_YOU, null, mention.platform(),
                mention.publicReplyTarget(), null, false, CARELOOP, mention.author().id(), mention.author().handle(), null, null);
    }

    /** Hiding spam or abuse that triage found on the brand's thread. */
    public static Action moderate(String caseId, Mention mention, String category) {
        return new Action(caseId + "#" + ActionType.MODERATE.name(), ActionType.MODERATE, caseId, mention.platform(),
                mention.id(), null, false, CARELOOP, mention.author().id(), mention.author().handle(), null, category);
    }

    /** An agent's moderation of the case's latest post ({@code hide} or {@code delete}). */
    public static Action moderateCase(Case c, String verb, String category, String actor) {
        return new Action(c.id() + "#" + ActionType.MODERATE.name() + "#" + c.replyTo(), ActionType.MODERATE, c.id(),
                c.platform(), c.replyTo(), verb, false, actor, c.customer().id(), c.customer().handle(), null, category);
    }

    /**
     * Showing again a reply that was hidden. Its key carries the case's version: each request is its own action,
     * where the hide's key is one per post.
     */
    public static Action unhideCase(Case c, String category, String actor) {
        return new Action(c.id() + "#" + ActionType.MODERATE.name() + "#unhide#" + c.replyTo() + "#" + c.version(),
                ActionType.MODERATE, c.id(), c.platform(), c.replyTo(), "unhide", false, actor, c.customer().id(),
                c.customer().handle(), null, category);
    }

    /** The public note that a comment was removed, and why. */
    public static Action removedNote(Case c, String category, String actor) {
        return new Action(c.id() + "#" + ActionType.REMOVED_NOTE.name() + "#" + c.replyTo(), ActionType.REMOVED_NOTE,
                c.id(), c.platform(), c.threadId(), null, false, actor, null, null, null, category);
    }

    /** The one public note that the conversation goes on in DM. */
    public static Action continuingInDm(Case c) {
        return new Action(c.id() + "#" + ActionType.CONTINUING_IN_DM.name(), ActionType.CONTINUING_IN_DM, c.id(),
                c.platform(), c.replyTo(), null, false, CARELOOP);
    }

    /** An agent's reply or promise, once per idempotency key. */
    public static Action byAgent(Case c, ActionType type, String idempotencyKey, String text, boolean privately, String actor) {
        return new Action(c.id() + "#" + type.name() + "#" + idempotencyKey, type, c.id(), c.platform(),
                privately ? null : c.replyTo(), text, privately, actor);
    }

    /** The resolution message (one per case). */
    public static Action resolution(Case c, String text, String actor) {
        return new Action(c.id() + "#" + ActionType.RESOLUTION.name(), ActionType.RESOLUTION, c.id(), c.platform(),
                c.replyTo(), text, false, actor);
    }

    /** A scheduled message for a due item, once per due time. */
    public static Action due(Case c, ActionType type, Instant dueAt) {
        return new Action(c.id() + "#" + type.name() + "#" + dueAt.toEpochMilli(), type, c.id(), c.platform(),
                c.replyTo(), null, c.replyTo() == null, CARELOOP, null, null, null, null, dueAt);
    }

    /** The satisfaction survey of a closed case, privately to its customer, once per case. */
    public static Action csatSurvey(Case c, Instant at) {
        return new Action(c.id() + "#" + ActionType.CSAT_SURVEY.name(), ActionType.CSAT_SURVEY, c.id(), c.platform(),
                c.replyTo(), null, true, CARELOOP, null, null, null, null, at);
    }

    /** A periodic update during a hand-off, once per due time; it tells the customer when they hear next. */
    public static Action progressUpdate(Case c, Instant dueAt, Instant nextAt) {
        return new Action(c.id() + "#" + ActionType.PROGRESS_UPDATE.name() + "#" + dueAt.toEpochMilli(),
                ActionType.PROGRESS_UPDATE, c.id(), c.platform(), c.replyTo(), null, c.replyTo() == null, CARELOOP, null,
                null, null, null, nextAt);
    }

    /**
     * Said at once when a case is handed off: {@code team} has it, and the first update comes by {@code nextAt}. The
     * team travels with the notice: it may be posted before the case records the hand-off.
     */
    public static Action handoffNotice(Case c, Instant at, Instant nextAt, String actor, String team) {
        return new Action(c.id() + "#" + ActionType.HANDOFF_NOTICE.name() + "#" + at.toEpochMilli(),
                ActionType.HANDOFF_NOTICE, c.id(), c.platform(), c.replyTo(), null, c.replyTo() == null, actor, null,
                null, null, null, nextAt, null, false, team);
    }

    /**
     * A hand-off's case summary for the team's own endpoint ({@code summary}, JSON, as it stood at the hand-off); one
     * per hand-off, keyed by its time like the notice.
     */
    public static Action handoffDelivery(Case c, Instant at, String actor, String team, String summary) {
        return new Action(c.id() + "#" + ActionType.HANDOFF_DELIVERY.name() + "#" + at.toEpochMilli(),
                ActionType.HANDOFF_DELIVERY, c.id(), c.platform(), null, summary, true, actor, null, null, null, null, at,
                null, false, team);
    }

    /** The same action, answered privately in reply to {@code replyTo}. */
    public Action privatelyTo(String replyTo) {
        return new Action(key, type, caseId, platform, replyTo, text, true, actor, recipientId, recipientHandle,
                incidentId, category, dueAt, review, approved, team);
    }

    /** The same action with other words, in reply to {@code replyTo}, in public. */
    public Action publicly(String replyTo, String words) {
        return new Action(key, type, caseId, platform, replyTo, words, false, actor, recipientId, recipientHandle,
                incidentId, category, dueAt, review, approved, team);
    }

    /** The same action, which a person must see first for these reasons (none: as it is). */
    public Action reviewedFor(java.util.List<String> reasons) {
        return reasons.isEmpty() ? this : new Action(key, type, caseId, platform, inReplyTo, text, isPrivate, actor,
                recipientId, recipientHandle, incidentId, category, dueAt, java.util.List.copyOf(reasons), approved, team);
    }

    /** The same action with the words a person approved: posted as they are, under the same key. */
    public Action approvedWith(String words) {
        return new Action(key, type, caseId, platform, inReplyTo, words, isPrivate, actor, recipientId, recipientHandle,
                incidentId, category, dueAt, review, true, team);
    }
}
