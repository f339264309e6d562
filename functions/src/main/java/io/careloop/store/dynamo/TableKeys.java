package io.careloop.store.dynamo;

import io.careloop.cases.DueKind;
import io.careloop.core.Times;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The single table's key schema, in one place (see README "Data"):
 * <pre>
 * pk                         sk               what
 * MENTION#platform#id        MENTION          claim: a mention is processed once (TTL; none on the claim of a mention
 *                                             that opened a case and started its thread: it names the thread's customer
 *                                             and stands in for the thread pointer)
 * CUSTOMER#platform#author   OPEN             pointer to the customer's open case
 * CUSTOMER#platform#author   PROFILE          the customer's history (cases, last resolved case)
 * THREAD#platform#thread     CASE#customer    pointer to the customer's case in a thread another mention started
 * CASE#id                    CASE             the case (GSI inbox: gsi1pk/gsi1sk = INBOX#OPEN|DONE, due time)
 * CASE#id                    TL#time#ref      timeline entry
 * CASE#id                    DUE#FOLLOW_UP    the case's reply clock: its first-response deadline, then its follow-up
 *                                             (GSI due: duePk/dueAt; the kind attribute says which)
 * CASE#id                    DUE#kind         any other due item (GSI due: duePk/dueAt)
 * CASE#id                    DRAFT#actionKey  a reply waiting for review (GSI inbox while waiting: DRAFTS#WAITING, deadline)
 * DRAFT#actionKey            DRAFT            a draft with no case (an incident's community post), likewise
 * TOPIC#platform#topic       author key       sighting (TTL)
 * INCIDENT#platform#topic    ACTIVE           pointer to the topic's open incident
 * INCIDENT#id                INCIDENT         the incident (GSI inbox: INCIDENTS#OPEN|RESOLVED)
 * INCIDENT#id                CASE#caseId      a case linked to the incident
 * OUTBOUND#actionKey         OUTBOUND         exactly-once ledger of posted messages
 * CURSOR#source              CURSOR           poll cursor
 * RATE#bucket#windowStart    RATE             posting budget window (TTL)
 * SESSION#platform#account   SESSION          a platform session all instances share, sealed (TTL)
 * SAVED#team                 REPLY#id         a team's saved reply (the team's list is one query)
 * REPORT#yyyy-mm-dd          DAY              the day's report counters (UTC), added to as events happen
 * AGENTS                     AGENT#agentId    an agent's routing profile and count of open cases (one partition:
 *                                             the roster is one query)
 * </pre>
 */
public final class TableKeys {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String INBOX_INDEX = "inbox";
    public static final String DUE_INDEX = "due";
    /** All due items share one index partition: cheap to query, ample for one brand's volume. */
    static final String DUE_PARTITION = "DUE";
    static final String INBOX_OPEN = "INBOX#OPEN";
    static final String INBOX_DONE = "INBOX#DONE";
    static final String INCIDENTS_OPEN = "INCIDENTS#OPEN";
    static final String INCIDENTS_RESOLVED = "INCIDENTS#RESOLVED";
    /** Drafts waiting for review, on the inbox index, soonest deadline first. */
    static final String DRAFTS_WAITING = "DRAFTS#WAITING";

    private static final String MENTION = "MENTION#";
    private static final String OUTBOUND = "OUTBOUND#";

    private TableKeys() {
    }

    public static Map<String, AttributeValue> mention(String mentionKey) {
        return key(MENTION + mentionKey, "MENTION");
    }

    public static Map<String, AttributeValue> outbound(String actionKey) {
        return key(OUTBOUND + actionKey, "OUTBOUND");
    }

    /** The mention key ({@code platform#id}) of a claim item's pk, if it is one. */
    public static Optional<String> mentionKeyOf(Map<String, AttributeValue> item) {
        return suffix(item, MENTION, "MENTION");
    }

    /** The action key of an outbound ledger item's pk, if it is one. */
    public static Optional<String> actionKeyOf(Map<String, AttributeValue> item) {
        return suffix(item, OUTBOUND, "OUTBOUND");
    }

    /** Whether the item is a case (not one of its timeline entries or due items). */
    public static boolean isCaseItem(Map<String, AttributeValue> item) {
        return suffix(item, "CASE#", "CASE").isPresent();
    }

    static Map<String, AttributeValue> customerOpen(String customerKey) {
        return key("CUSTOMER#" + customerKey, "OPEN");
    }

    static Map<String, AttributeValue> customerProfile(String customerKey) {
        return key("CUSTOMER#" + customerKey, "PROFILE");
    }

    /**
     * A customer's case in a thread: several people commenting on one post are several customers, each with their
     * own case, so a thread leads to a case only for the customer who wrote in it.
     */
    static Map<String, AttributeValue> thread(String threadKey, String customerKey) {
        return key("THREAD#" + threadKey, "CASE#" + customerKey);
    }

    static String casePk(String caseId) {
        return "CASE#" + caseId;
    }

    static Map<String, AttributeValue> caseKey(String caseId) {
        return key(casePk(caseId), "CASE");
    }

    static Map<String, AttributeValue> timeline(String caseId, Instant at, String ref) {
        return key(casePk(caseId), "TL#" + Times.sortable(at) + "#" + ref);
    }

    static boolean isTimeline(String sk) {
        return sk.startsWith("TL#");
    }

    /**
     * A case's due item of a kind. The first-response deadline and the follow-up share one item, the reply clock:
     * the follow-up is set by the first response, in the change that clears the first-response deadline, so the two
     * are never pending together, and the acknowledgement moves one item instead of deleting one and writing another.
     * The clock keeps the sort key follow-ups always had, so a table's pending follow-ups are where this looks.
     */
    static Map<String, AttributeValue> due(String caseId, DueKind kind) {
        return key(casePk(caseId), "DUE#" + (isReplyClock(kind) ? DueKind.FOLLOW_UP : kind).name());
    }

    /** Whether the kind lives in the case's reply clock (see {@link #due}). */
    static boolean isReplyClock(DueKind kind) {
        return kind == DueKind.FIRST_RESPONSE_SLA || kind == DueKind.FOLLOW_UP;
    }

    /** Where a first-response deadline stored before the reply clock existed still is (cleared when it fires). */
    static Map<String, AttributeValue> separateFirstResponseDue(String caseId) {
        return key(casePk(caseId), "DUE#" + DueKind.FIRST_RESPONSE_SLA.name());
    }

    /** A draft lives with its case (read with it), or on its own when it has none. */
    /** Whether a case partition's sort key is one of its drafts. */
    static boolean isDraft(String sk) {
        return sk.startsWith("DRAFT#");
    }

    static Map<String, AttributeValue> draft(String caseId, String actionKey) {
        return caseId == null || caseId.isEmpty() ? key("DRAFT#" + actionKey, "DRAFT") : key(casePk(caseId), "DRAFT#" + actionKey);
    }

    static String topicPk(String topicKey) {
        return "TOPIC#" + topicKey;
    }

    static Map<String, AttributeValue> sighting(String topicKey, String authorKey) {
        return key(topicPk(topicKey), authorKey);
    }

    static Map<String, AttributeValue> activeIncident(String topicKey) {
        return key("INCIDENT#" + topicKey, "ACTIVE");
    }

    static String incidentPk(String incidentId) {
        return "INCIDENT#" + incidentId;
    }

    static Map<String, AttributeValue> incident(String incidentId) {
        return key(incidentPk(incidentId), "INCIDENT");
    }

    static Map<String, AttributeValue> incidentCase(String incidentId, String caseId) {
        return key(incidentPk(incidentId), "CASE#" + caseId);
    }

    static boolean isIncidentCase(String sk) {
        return sk.startsWith("CASE#");
    }

    static Map<String, AttributeValue> cursor(String source) {
        return key("CURSOR#" + source, "CURSOR");
    }

    static Map<String, AttributeValue> session(String sessionKey) {
        return key("SESSION#" + sessionKey, "SESSION");
    }

    static Map<String, AttributeValue> rateWindow(String bucket, long windowStartMillis) {
        return key("RATE#" + bucket + "#" + windowStartMillis, "RATE");
    }

    static final String AGENTS = "AGENTS";

    static String savedRepliesPk(String team) {
        return "SAVED#" + team;
    }

    static Map<String, AttributeValue> savedReply(String team, String id) {
        return key(savedRepliesPk(team), "REPLY#" + id);
    }

    static Map<String, AttributeValue> reportDay(java.time.LocalDate day) {
        return key("REPORT#" + day, "DAY");
    }

    static Map<String, AttributeValue> agent(String agentId) {
        return key(AGENTS, "AGENT#" + agentId);
    }

    /** A fresh, mutable key map: items are built on top of it. */
    static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(PK, AttributeValue.fromS(pk));
        key.put(SK, AttributeValue.fromS(sk));
        return key;
    }

    /** "pk|sk": how a batch read's answers are matched to the keys asked for. */
    static String id(Map<String, AttributeValue> item) {
        return item.get(PK).s() + "|" + item.get(SK).s();
    }

    private static Optional<String> suffix(Map<String, AttributeValue> item, String prefix, String sk) {
        AttributeValue pk = item.get(PK);
        AttributeValue s = item.get(SK);
        if (pk == null || pk.s() == null || !pk.s().startsWith(prefix) || s == null || !sk.equals(s.s())) {
            return Optional.empty();
        }
        return Optional.of(pk.s().substring(prefix.length()));
    }
}
