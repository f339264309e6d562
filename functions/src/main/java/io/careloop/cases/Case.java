package io.careloop.cases;

import io.careloop.core.Author;
import io.careloop.core.Platform;
import java.time.Instant;

/**
 * A customer's problem, owned by one agent at a time, from first mention to closed loop.
 *
 * @param replyTo         the platform id of the customer's latest public post, where public replies go
 * @param firstWords      the start of the opening mention, for the inbox
 * @param firstResponseDue the first-response deadline (SLA) set by priority
 * @param version         optimistic-locking counter; every update checks and increments it
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
        Instant createdAt,
        Instant firstResponseDue,
        Instant firstResponseAt,
        Instant resolvedAt,
        boolean slaBreached,
        long version) {

    /** When the inbox wants it handled: the first-response deadline until answered, then the opening time. */
    public Instant dueAt() {
        return firstResponseAt == null ? firstResponseDue : createdAt;
    }

    public Case withStatus(CaseStatus next) {
        return new Case(id, next, priority, platform, customer, threadId, replyTo, firstWords, assignee, team,
                createdAt, firstResponseDue, firstResponseAt, resolvedAt, slaBreached, version);
    }

    public Case withAssignee(String agent) {
        return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, agent, team,
                createdAt, firstResponseDue, firstResponseAt, resolvedAt, slaBreached, version);
    }

    public Case withFirstResponseAt(Instant when) {
        return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team,
                createdAt, firstResponseDue, when, resolvedAt, slaBreached, version);
    }

    public Case withSlaBreached() {
        return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team,
                createdAt, firstResponseDue, firstResponseAt, resolvedAt, true, version);
    }

    public Case resolvedAt(Instant when) {
        return new Case(id, CaseStatus.RESOLVED, priority, platform, customer, threadId, replyTo, firstWords, assignee,
                team, createdAt, firstResponseDue, firstResponseAt, when, slaBreached, version);
    }
}
