package io.careloop.cases;

import io.careloop.core.Author;
import io.careloop.core.Platform;
import java.time.Instant;

/**
 * A customer's problem, owned by one agent at a time, from first mention to closed loop.
 *
 * @param replyTo          the platform id of the customer's latest public post, where public replies go
 * @param firstWords       the start of the opening mention, for the inbox
 * @param firstResponseDue the first-response deadline (SLA) set by priority
 * @param topic            the product or problem triage read, which incidents cluster on
 * @param incidentId       the incident this case is part of, or null
 * @param advocate         the customer said something good in public after we helped
 * @param hostileMessages  how many hostile messages the customer sent on this case
 * @param version          optimistic-locking counter; every update checks and increments it
 * @param brandAccount     the brand account (platform id) the customer addressed, which answers; null for the
 *                         platform's first account
 */
public record Case(
        String id,
        CaseStatus status,
        Priority priority,
        Platform platform,
        Author customer,
        String threadId,
        String replyTo,
        String firstWords,
        String assignee,
        String team,
        String topic,
        Instant createdAt,
        Instant firstResponseDue,
        Instant firstResponseAt,
        Instant resolvedAt,
        boolean slaBreached,
        String incidentId,
        boolean advocate,
        int hostileMessages,
        long version,
        String brandAccount) {

    /** A case on the platform's first brand account. */
    public Case(String id, CaseStatus status, Priority priority, Platform platform, Author customer, String threadId,
                String replyTo, String firstWords, String assignee, String team, String topic, Instant createdAt,
                Instant firstResponseDue, Instant firstResponseAt, Instant resolvedAt, boolean slaBreached,
                String incidentId, boolean advocate, int hostileMessages, long version) {
        this(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic, createdAt,
                firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incidentId, advocate, hostileMessages, version,
                null);
    }

    /** After this many hostile messages careloop stops answering in public and a person takes over. */
    public static final int HOSTILE_LIMIT = 2;

    /** When the inbox wants it handled: the first-response deadline until answered, then the opening time. */
    public Instant dueAt() {
        return firstResponseAt == null ? firstResponseDue : createdAt;
    }

    /** careloop sends nothing automatic in public once a customer keeps being hostile. */
    public boolean automaticRepliesStopped() {
        return hostileMessages >= HOSTILE_LIMIT;
    }

    public Case withStatus(CaseStatus next) {
        return new Case(id, next, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic,
                createdAt, firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incidentId, advocate,
                hostileMessages, version, brandAccount);
    }

    public Case withAssignee(String agent) {
        return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, agent, team, topic,
                createdAt, firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incidentId, advocate,
                hostileMessages, version, brandAccount);
    }

    public Case withFirstResponseAt(Instant when) {
        return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic,
                createdAt, firstResponseDue, when, resolvedAt, slaBreached, incidentId, advocate, hostileMessages,
                version, brandAccount);
    }

    public Case withSlaBreached() {
        return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic,
                createdAt, firstResponseDue, firstResponseAt, resolvedAt, true, incidentId, advocate, hostileMessages,
                version, brandAccount);
    }

    public Case withIncident(String incident) {
        return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic,
                createdAt, firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incident, advocate,
                hostileMessages, version, brandAccount);
    }

    public Case asAdvocate() {
        return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic,
                createdAt, firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incidentId, true,
                hostileMessages, version, brandAccount);
    }

    public Case withHostileMessage() {
        return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic,
                createdAt, firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incidentId, advocate,
                hostileMessages + 1, version, brandAccount);
    }

    public Case resolvedAt(Instant when) {
        return new Case(id, CaseStatus.RESOLVED, priority, platform, customer, threadId, replyTo, firstWords, assignee,
                team, topic, createdAt, firstResponseDue, firstResponseAt, when, slaBreached, incidentId, advocate,
                hostileMessages, version, brandAccount);
    }
}
