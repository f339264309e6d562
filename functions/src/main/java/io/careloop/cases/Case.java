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
 * @param progressNote     the internal team's latest progress, not yet told to the customer; the next periodic
 *                         update carries it
 * @param updatesSent      periodic updates sent so far, so each one is worded differently
 * @param lastPublicHash   a hash of the last public words posted to the customer, so the same words never go twice
 * @param firstHumanResponseAt when a person first answered (an agent's reply, promise or resolution, or a draft a
 *                         person approved); null until then. {@code firstResponseAt} counts any first response.
 * @param replyToDirect    the customer's post at {@code replyTo} addressed the brand: an @mention, a reply to or a quote
 *                         of the brand's post. On X that is what "summoned" means: a pay-per-use app may only reply to
 *                         such a post.
 * @param outreachTask     the link to a customer's post a person must answer by hand, because the platform would refuse
 *                         careloop's reply to it; null when there is no such task
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
        String brandAccount,
        String progressNote,
        int updatesSent,
        Instant firstHumanResponseAt,
        String lastPublicHash,
        boolean replyToDirect,
        String outreachTask) {

    /** A case whose reply target addressed the brand, with no outreach task. */
    public Case(String id, CaseStatus status, Priority priority, Platform platform, Author customer, String threadId,
                String replyTo, String firstWords, String assignee, String team, String topic, Instant createdAt,
                Instant firstResponseDue, Instant firstResponseAt, Instant resolvedAt, boolean slaBreached,
                String incidentId, boolean advocate, int hostileMessages, long version, String brandAccount,
                String progressNote, int updatesSent, Instant firstHumanResponseAt, String lastPublicHash) {
        this(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic, createdAt,
                firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incidentId, advocate, hostileMessages, version,
                brandAccount, progressNote, updatesSent, firstHumanResponseAt, lastPublicHash, true, null);
    }

    /** A case with no progress note, no update sent and no person's answer yet. */
    public Case(String id, CaseStatus status, Priority priority, Platform platform, Author customer, String threadId,
                String replyTo, String firstWords, String assignee, String team, String topic, Instant createdAt,
                Instant firstResponseDue, Instant firstResponseAt, Instant resolvedAt, boolean slaBreached,
                String incidentId, boolean advocate, int hostileMessages, long version, String brandAccount) {
        this(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic, createdAt,
                firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incidentId, advocate, hostileMessages, version,
                brandAccount, null, 0, null, null);
    }

    /** A case on the platform's first brand account. */
    public Case(String id, CaseStatus status, Priority priority, Platform platform, Author customer, String threadId,
                String replyTo, String firstWords, String assignee, String team, String topic, Instant createdAt,
                Instant firstResponseDue, Instant firstResponseAt, Instant resolvedAt, boolean slaBreached,
                String incidentId, boolean advocate, int hostileMessages, long version) {
        this(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic, createdAt,
                firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incidentId, advocate, hostileMessages, version,
                (String) null);
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
        return toBuilder().status(next).build();
    }

    public Case withAssignee(String agent) {
        return toBuilder().assignee(agent).build();
    }

    public Case withTeam(String newTeam) {
        return toBuilder().team(newTeam).build();
    }

    /** Public replies go to this post from now on (the customer's latest public one). */
    public Case withReplyTo(String postId) {
        return toBuilder().replyTo(postId).build();
    }

    /** Public replies go to this post from now on; {@code direct}: the post addressed the brand. */
    public Case withReplyTo(String postId, boolean direct) {
        return toBuilder().replyTo(postId).replyToDirect(direct).build();
    }

    /** A person must answer the customer's post at {@code link} by hand (the platform would refuse careloop's reply). */
    public Case withOutreachTask(String link) {
        return toBuilder().outreachTask(link).build();
    }

    public Case withFirstResponseAt(Instant when) {
        return toBuilder().firstResponseAt(when).build();
    }

    public Case withSlaBreached() {
        return toBuilder().slaBreached(true).build();
    }

    public Case withIncident(String incident) {
        return toBuilder().incidentId(incident).build();
    }

    public Case asAdvocate() {
        return toBuilder().advocate(true).build();
    }

    public Case withHostileMessage() {
        return toBuilder().hostileMessages(hostileMessages + 1).build();
    }

    public Case resolvedAt(Instant when) {
        return toBuilder().status(CaseStatus.RESOLVED).resolvedAt(when).build();
    }

    /** The case as stored at {@code storedVersion} (stores set it; a changed case's own version is ignored). */
    public Case withVersion(long storedVersion) {
        return toBuilder().version(storedVersion).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy of a case with some fields changed: each wither above names the one field it changes. */
    public static final class Builder {
        private String id;
        private CaseStatus status;
        private Priority priority;
        private Platform platform;
        private Author customer;
        private String threadId;
        private String replyTo;
        private String firstWords;
        private String assignee;
        private String team;
        private String topic;
        private Instant createdAt;
        private Instant firstResponseDue;
        private Instant firstResponseAt;
        private Instant resolvedAt;
        private boolean slaBreached;
        private String incidentId;
        private boolean advocate;
        private int hostileMessages;
        private long version;
        private String brandAccount;
        private String progressNote;
        private int updatesSent;
        private Instant firstHumanResponseAt;
        private String lastPublicHash;
        private boolean replyToDirect;
        private String outreachTask;

        private Builder(Case c) {
            this.id = c.id;
            this.status = c.status;
            this.priority = c.priority;
            this.platform = c.platform;
            this.customer = c.customer;
            this.threadId = c.threadId;
            this.replyTo = c.replyTo;
            this.firstWords = c.firstWords;
            this.assignee = c.assignee;
            this.team = c.team;
            this.topic = c.topic;
            this.createdAt = c.createdAt;
            this.firstResponseDue = c.firstResponseDue;
            this.firstResponseAt = c.firstResponseAt;
            this.resolvedAt = c.resolvedAt;
            this.slaBreached = c.slaBreached;
            this.incidentId = c.incidentId;
            this.advocate = c.advocate;
            this.hostileMessages = c.hostileMessages;
            this.version = c.version;
            this.brandAccount = c.brandAccount;
            this.progressNote = c.progressNote;
            this.updatesSent = c.updatesSent;
            this.firstHumanResponseAt = c.firstHumanResponseAt;
            this.lastPublicHash = c.lastPublicHash;
            this.replyToDirect = c.replyToDirect;
            this.outreachTask = c.outreachTask;
        }

        public Builder replyToDirect(boolean value) {
            this.replyToDirect = value;
            return this;
        }

        public Builder outreachTask(String value) {
            this.outreachTask = value;
            return this;
        }

        public Builder status(CaseStatus value) {
            this.status = value;
            return this;
        }

        public Builder priority(Priority value) {
            this.priority = value;
            return this;
        }

        public Builder platform(Platform value) {
            this.platform = value;
            return this;
        }

        public Builder customer(Author value) {
            this.customer = value;
            return this;
        }

        public Builder threadId(String value) {
            this.threadId = value;
            return this;
        }

        public Builder replyTo(String value) {
            this.replyTo = value;
            return this;
        }

        public Builder firstWords(String value) {
            this.firstWords = value;
            return this;
        }

        public Builder assignee(String value) {
            this.assignee = value;
            return this;
        }

        public Builder team(String value) {
            this.team = value;
            return this;
        }

        public Builder topic(String value) {
            this.topic = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            this.createdAt = value;
            return this;
        }

        public Builder firstResponseDue(Instant value) {
            this.firstResponseDue = value;
            return this;
        }

        public Builder firstResponseAt(Instant value) {
            this.firstResponseAt = value;
            return this;
        }

        public Builder resolvedAt(Instant value) {
            this.resolvedAt = value;
            return this;
        }

        public Builder slaBreached(boolean value) {
            this.slaBreached = value;
            return this;
        }

        public Builder incidentId(String value) {
            this.incidentId = value;
            return this;
        }

        public Builder advocate(boolean value) {
            this.advocate = value;
            return this;
        }

        public Builder hostileMessages(int value) {
            this.hostileMessages = value;
            return this;
        }

        public Builder version(long value) {
            this.version = value;
            return this;
        }

        public Builder brandAccount(String value) {
            this.brandAccount = value;
            return this;
        }

        public Builder progressNote(String value) {
            this.progressNote = value;
            return this;
        }

        public Builder updatesSent(int value) {
            this.updatesSent = value;
            return this;
        }

        public Builder lastPublicHash(String value) {
            this.lastPublicHash = value;
            return this;
        }

        public Builder firstHumanResponseAt(Instant value) {
            this.firstHumanResponseAt = value;
            return this;
        }

        public Case build() {
            return new Case(id, status, priority, platform, customer, threadId, replyTo, firstWords, assignee, team, topic,
                    createdAt, firstResponseDue, firstResponseAt, resolvedAt, slaBreached, incidentId, advocate,
                    hostileMessages, version, brandAccount, progressNote, updatesSent, firstHumanResponseAt,
                    lastPublicHash, replyToDirect, outreachTask);
        }
    }
}
