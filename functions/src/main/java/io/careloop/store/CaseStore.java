package io.careloop.store;

import io.careloop.cases.Case;
import io.careloop.cases.DueItem;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Cases, their timelines, mention claims, the outbound ledger and poll cursors. */
public interface CaseStore {

    /**
     * The customer's open case, the thread's case, the customer's history and, when {@code topicKey} is
     * given, the topic's open incident. One read.
     */
    CustomerContext customerContext(Mention mention, String topicKey);

    /**
     * Claims the mention and opens its case in one transaction: mention claim, case, customer pointer,
     * thread pointer, customer history, first timeline entry, first-response deadline. A mention that was
     * only watched may still open a case (the watch turned into outreach).
     *
     * @param ownsCustomer false for a moderation record: the customer's next mention must not join it
     */
    ClaimResult openCase(Case newCase, Mention mention, TimelineEntry first, DueItem firstResponseDue, boolean ownsCustomer);

    /**
     * As {@link #openCase}, also recording in the same transaction that the customer raised {@code topicKey},
     * so incident detection costs no extra write.
     */
    ClaimResult openCase(Case newCase, Mention mention, TimelineEntry first, DueItem firstResponseDue, boolean ownsCustomer,
                         String topicKey, Sighting sighting, Duration window);

    /** Every sighting of a topic within the window, newest and oldest alike. One query. */
    List<Sighting> sightings(String topicKey, Instant since);

    /** Claims the mention and adds it to an existing case's timeline in one transaction. */
    ClaimResult joinCase(String caseId, Mention mention, TimelineEntry entry, boolean hostile);

    /** Claims a praising mention and marks the customer an advocate on the case it follows. */
    ClaimResult markAdvocate(String caseId, Mention mention, TimelineEntry entry);

    /**
     * Records that an author raised a topic and returns every sighting of the topic within the window,
     * this one included. One write and one query, however many authors.
     */
    List<Sighting> recordSighting(String topicKey, Sighting sighting, Duration window);

    /** The open incident on a topic, if any. */
    Optional<String> activeIncident(String topicKey);

    /**
     * Opens the topic's incident unless one is open already; concurrent callers get the same incident.
     *
     * @return the incident id and whether this call opened it
     */
    IncidentOpening openIncident(String topicKey, io.careloop.core.Platform platform, String topic, Instant at);

    /** Links a case to an incident: the case, its timeline and the incident's list change together. */
    void linkToIncident(Case before, String incidentId, TimelineEntry entry);

    /** Marks the incident resolved and frees its topic; false if it was not open. */
    boolean resolveIncident(Incident incident, Instant at);

    List<Incident> listIncidents();

    Optional<Incident> getIncident(String incidentId);

    record IncidentOpening(String incidentId, boolean opened) {
    }

    /** Claims a mention that needs no case, recording why (ignored, echo, watched). */
    ClaimResult recordWithoutCase(Mention mention, String outcome, String reason);

    Optional<Case> getCase(String caseId);

    /** The case and its timeline, newest first. */
    Optional<CaseWithTimeline> getCaseWithTimeline(String caseId);

    /**
     * The inbox: open (or done) cases ordered by due time.
     *
     * @param filters attribute name → required value (status, priority, team, assignee, platform, incidentId)
     */
    CasePage listCases(boolean open, Map<String, String> filters, int limit, String cursor);

    /**
     * Applies one step of the case process atomically.
     *
     * @throws ConcurrentUpdateException when the case changed since it was read
     */
    void apply(CaseChange change);

    /** Due items whose time has come, oldest first. Query on an index, never a scan. */
    List<DueItem> findDue(Instant now, int limit);

    /** Clears a due item once its work is queued; false if someone else already did. */
    boolean clearDue(DueItem item);

    /** Takes the exactly-once lease for an outbound message. */
    OutboundState beginOutbound(String actionKey, Instant now, Duration lease);

    /**
     * Takes the lease of an attempt whose outcome is unknown (UNCERTAIN, or IN_PROGRESS with its lease run out),
     * so that exactly one caller checks the platform and settles it.
     *
     * @return whether this caller holds the lease now
     */
    boolean retakeOutbound(String actionKey, Instant now, Duration lease);

    /** Releases the lease after a failure that certainly posted nothing, so a retry may post. */
    void abandonOutbound(String actionKey);

    /** Marks the message posted and applies the case change (null for a message with no case) in one transaction. */
    void completeOutbound(String actionKey, String platformPostId, Instant at, CaseChange change);

    /** Marks a lease whose outcome is unknown, so nobody re-posts it. */
    void markOutboundUncertain(String actionKey, Instant at);

    /** How careloop recorded a mention: its outcome ({@code case}, {@code joined}, {@code watched}...) and case, if any. */
    record MentionClaim(String outcome, String caseId) {
    }

    /** The claim of one mention ({@code platform#id}), if careloop has seen it. */
    Optional<MentionClaim> mentionClaim(String mentionKey);

    /** Which of these mention keys ({@code platform#id}) careloop has already claimed (triaged). */
    java.util.Set<String> seenMentions(java.util.Collection<String> mentionKeys);

    Optional<String> cursor(String source);

    void saveCursor(String source, String value);

    record CaseWithTimeline(Case theCase, List<TimelineEntry> timeline) {
    }
}
