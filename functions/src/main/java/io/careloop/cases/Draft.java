package io.careloop.cases;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A reply careloop did not post because a person must approve it first: the exact text, where it would go, and
 * why it waits. Approving it posts the same action (same key, so exactly once); rejecting it means it is never posted.
 *
 * @param action     the action as it would have been posted (routed, with its key and reply target)
 * @param kind       the kind of message ({@code acknowledge}, {@code holding}, ... {@code reply}): see ReviewPolicy
 * @param caseId     its case; null for a post to the community with no case (an incident post)
 * @param team       the case's team, for the review queue's filters; null without a case
 * @param account    the brand account it is posted as; null for the platform's first
 * @param text       the exact text (after a person's edit, the edited text)
 * @param reasons    why a person must see it
 * @param guardrails the guardrails' verdict on the text: {@code ok}, or the rule that warned and why
 * @param deadline   the deadline it races (the first-response deadline, a promise's time); null for none
 * @param status     waiting, approved or rejected; decided once
 * @param decidedBy  who approved or rejected it
 * @param note       the rejection's reason, or that the text was edited
 */
public record Draft(Action action, String kind, String caseId, String team, String account, String text,
                    List<String> reasons, String guardrails, Instant deadline, Instant createdAt, Status status,
                    String decidedBy, Instant decidedAt, String note) {

    /** A draft is decided once. */
    public enum Status { WAITING, APPROVED, REJECTED }

    /** The draft's id in the API: its case and action key, URL-safe. */
    public String id() {
        return idOf(caseId, action.key());
    }

    public static String idOf(String caseId, String actionKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(((caseId == null ? "" : caseId) + " " + actionKey)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The case id (empty for none) and action key an id names.
     *
     * @throws IllegalArgumentException for an id that is not a draft's
     */
    public static String[] parseId(String id) {
        String text = new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        if (space < 0 || space == text.length() - 1) {
            throw new IllegalArgumentException("not a draft id");
        }
        return new String[] {text.substring(0, space), text.substring(space + 1)};
    }

    /** The draft as decided by a person. */
    public Draft decided(Status decision, String by, Instant at, String finalText, String why) {
        return new Draft(action, kind, caseId, team, account, finalText, reasons, guardrails, deadline, createdAt, decision,
                by, at, why);
    }
}
