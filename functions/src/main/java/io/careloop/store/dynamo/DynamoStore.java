package io.careloop.store.dynamo;

import io.careloop.store.CaseRepository;
import io.careloop.store.DueItems;
import io.careloop.store.Drafts;
import io.careloop.store.Incidents;
import io.careloop.store.MentionClaims;
import io.careloop.store.OutboundLedger;
import io.careloop.store.PollCursors;
import io.careloop.store.PostingBudget;
import io.careloop.store.SeenMentions;
import io.careloop.store.TopicSightings;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** careloop's single table, as the ports its use cases need. One instance per execution environment. */
public final class DynamoStore {
    private final DynamoMentionClaims claims;
    private final DynamoCases cases;
    private final DynamoIncidents incidents;
    private final DynamoOutboundLedger ledger;
    private final DynamoPollCursors cursors;
    private final DynamoPostingBudget budget;
    private final DynamoDrafts drafts;
    private final DynamoSessionVault sessions;
    private final DynamoAgents agents;
    private final DynamoReportRollups reportRollups;
    private final DynamoSavedReplies savedReplies;

    public DynamoStore(DynamoDbClient dynamo, String tableName, Clock clock) {
        DynamoTable table = new DynamoTable(dynamo, tableName, clock);
        this.claims = new DynamoMentionClaims(table);
        this.cases = new DynamoCases(table);
        this.incidents = new DynamoIncidents(table);
        this.ledger = new DynamoOutboundLedger(table);
        this.cursors = new DynamoPollCursors(table);
        this.budget = new DynamoPostingBudget(table);
        this.drafts = new DynamoDrafts(table);
        this.sessions = new DynamoSessionVault(table);
        this.agents = new DynamoAgents(table);
        this.reportRollups = new DynamoReportRollups(table);
        this.savedReplies = new DynamoSavedReplies(table);
    }

    public MentionClaims mentionClaims() {
        return claims;
    }

    public SeenMentions seenMentions() {
        return claims;
    }

    public CaseRepository cases() {
        return cases;
    }

    public DueItems dueItems() {
        return cases;
    }

    public TopicSightings sightings() {
        return incidents;
    }

    public Incidents incidents() {
        return incidents;
    }

    public OutboundLedger outboundLedger() {
        return ledger;
    }

    public PollCursors pollCursors() {
        return cursors;
    }

    public io.careloop.store.WebhookHeartbeats webhookHeartbeats() {
        return cursors;
    }

    public Drafts drafts() {
        return drafts;
    }

    public io.careloop.store.SavedReplies savedReplies() {
        return savedReplies;
    }

    public io.careloop.store.ReportRollups reportRollups() {
        return reportRollups;
    }

    public io.careloop.store.Agents agents() {
        return agents;
    }

    public PostingBudget postingBudget() {
        return budget;
    }

    public io.careloop.store.SessionVault sessionVault() {
        return sessions;
    }
}
