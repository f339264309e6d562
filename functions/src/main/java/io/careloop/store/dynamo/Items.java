package io.careloop.store.dynamo;

import io.careloop.cases.TimelineKind;
import io.careloop.cases.Action;
import io.careloop.cases.Case;
import io.careloop.cases.Draft;
import io.careloop.core.Json;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import io.careloop.core.Times;
import io.careloop.incidents.Incident;
import io.careloop.incidents.IncidentStatus;
import io.careloop.incidents.Sighting;
import io.careloop.incidents.TopicSighting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Item mapping, in one place: domain records to DynamoDB items and back. */
final class Items {
    private Items() {
    }

    static Map<String, AttributeValue> caseItem(Case c, long version) {
        Map<String, AttributeValue> item = TableKeys.caseKey(c.id());
        item.put("type", s("case"));
        item.put("caseId", s(c.id()));
        item.put("status", s(c.status().name()));
        item.put("priority", s(c.priority().name()));
        item.put("platform", s(c.platform().id()));
        item.put("customerId", s(c.customer().id()));
        item.put("customerHandle", s(c.customer().handle()));
        item.put("customerName", s(c.customer().name()));
        item.put("customerFollowers", n(c.customer().followers()));
        item.put("customerVerified", AttributeValue.fromBool(c.customer().verified()));
        item.put("threadId", s(c.threadId()));
        putIfPresent(item, "replyTo", c.replyTo());
        putIfPresent(item, "firstWords", c.firstWords());
        putIfPresent(item, "assignee", c.assignee());
        putIfPresent(item, "team", c.team());
        putIfPresent(item, "topic", c.topic());
        putIfPresent(item, "incidentId", c.incidentId());
        item.put("advocate", AttributeValue.fromBool(c.advocate()));
        item.put("hostileMessages", n(c.hostileMessages()));
        item.put("createdAt", s(Times.sortable(c.createdAt())));
        item.put("firstResponseDue", s(Times.sortable(c.firstResponseDue())));
        if (c.firstResponseAt() != null) {
            item.put("firstResponseAt", s(Times.sortable(c.firstResponseAt())));
        }
        if (c.resolvedAt() != null) {
            item.put("resolvedAt", s(Times.sortable(c.resolvedAt())));
        }
        if (c.firstHumanResponseAt() != null) {
            item.put("firstHumanResponseAt", s(Times.sortable(c.firstHumanResponseAt())));
        }
        item.put("slaBreached", AttributeValue.fromBool(c.slaBreached()));
        putIfPresent(item, "brandAccount", c.brandAccount());
        putIfPresent(item, "progressNote", c.progressNote());
        putIfPresent(item, "lastPublicHash", c.lastPublicHash());
        item.put("replyToDirect", AttributeValue.fromBool(c.replyToDirect()));
        putIfPresent(item, "outreachTask", c.outreachTask());
        if (c.updatesSent() > 0) {
            item.put("updatesSent", n(c.updatesSent()));
        }
        item.put("version", n(version));
        item.put("gsi1pk", s(c.status().isOpen() ? TableKeys.INBOX_OPEN : TableKeys.INBOX_DONE));
        item.put("gsi1sk", s(Times.sortable(c.dueAt()) + "#" + c.id()));
        return item;
    }

    static Case toCase(Map<String, AttributeValue> item) {
        return new Case(
                item.get("caseId").s(),
                CaseStatus.valueOf(item.get("status").s()),
                Priority.valueOf(item.get("priority").s()),
                Platform.fromId(item.get("platform").s()).orElseThrow(),
                new Author(item.get("customerId").s(), str(item, "customerHandle"), str(item, "customerName"),
                        Long.parseLong(item.get("customerFollowers").n()), item.get("customerVerified").bool()),
                str(item, "threadId"),
                str(item, "replyTo"),
                str(item, "firstWords"),
                str(item, "assignee"),
                str(item, "team"),
                str(item, "topic"),
                Times.parse(str(item, "createdAt")),
                Times.parse(str(item, "firstResponseDue")),
                Times.parse(str(item, "firstResponseAt")),
                Times.parse(str(item, "resolvedAt")),
                bool(item, "slaBreached"),
                str(item, "incidentId"),
                bool(item, "advocate"),
                item.containsKey("hostileMessages") ? Integer.parseInt(item.get("hostileMessages").n()) : 0,
                Long.parseLong(item.get("version").n()),
                str(item, "brandAccount"),
                str(item, "progressNote"),
                item.containsKey("updatesSent") ? Integer.parseInt(item.get("updatesSent").n()) : 0,
                Times.parse(str(item, "firstHumanResponseAt")),
                str(item, "lastPublicHash"),
                // Stored before careloop recorded it: unknown, so treated as not addressed (no reply X could refuse).
                bool(item, "replyToDirect"),
                str(item, "outreachTask"));
    }

    static Map<String, AttributeValue> timelineItem(String caseId, TimelineEntry e) {
        String ref = e.ref() == null ? UUID.randomUUID().toString() : e.ref();
        Map<String, AttributeValue> item = TableKeys.timeline(caseId, e.at(), ref);
        item.put("type", s("timeline"));
        item.put("at", s(Times.sortable(e.at())));
        item.put("kind", s(e.kind().stored()));
        item.put("actor", s(e.actor()));
        putIfPresent(item, "text", e.text());
        item.put("private", AttributeValue.fromBool(e.isPrivate()));
        putIfPresent(item, "ref", e.ref());
        putIfPresent(item, "note", e.note());
        return item;
    }

    /** An incident's link to one of its cases (one item per case, so an incident's size never limits a write). */
    static Map<String, AttributeValue> incidentCaseItem(String incidentId, String caseId) {
        Map<String, AttributeValue> link = TableKeys.incidentCase(incidentId, caseId);
        link.put("type", s("incident-case"));
        link.put("caseId", s(caseId));
        return link;
    }

    static TimelineEntry toTimelineEntry(Map<String, AttributeValue> item) {
        return new TimelineEntry(Times.parse(item.get("at").s()), TimelineKind.fromStored(item.get("kind").s()), item.get("actor").s(),
                str(item, "text"), bool(item, "private"), str(item, "ref"), str(item, "note"));
    }

    static Map<String, AttributeValue> dueItem(DueItem due) {
        Map<String, AttributeValue> item = TableKeys.due(due.caseId(), due.kind());
        item.put("type", s("due"));
        item.put("caseId", s(due.caseId()));
        item.put("kind", s(due.kind().name()));
        item.put("duePk", s(TableKeys.DUE_PARTITION));
        item.put("dueAt", s(Times.sortable(due.dueAt())));
        if (due.every() != null) {
            item.put("every", s(due.every().toString()));
        }
        return item;
    }

    static DueItem toDueItem(Map<String, AttributeValue> item) {
        return new DueItem(item.get("caseId").s(), DueKind.valueOf(item.get("kind").s()),
                Times.parse(item.get("dueAt").s()), item.containsKey("every") ? Duration.parse(item.get("every").s()) : null);
    }

    /** A draft; while it waits it is on the inbox index's DRAFTS#WAITING partition, soonest deadline first. */
    static Map<String, AttributeValue> draftItem(Draft d) {
        Map<String, AttributeValue> item = TableKeys.draft(d.caseId(), d.action().key());
        item.put("type", s("draft"));
        item.put("action", s(Json.write(d.action())));
        item.put("kind", s(d.kind()));
        putIfPresent(item, "caseId", d.caseId());
        putIfPresent(item, "team", d.team());
        item.put("platform", s(d.action().platform().id()));
        putIfPresent(item, "account", d.account());
        item.put("text", s(d.text()));
        item.put("reasons", AttributeValue.fromL(d.reasons().stream().map(Items::s).toList()));
        item.put("guardrails", s(d.guardrails()));
        if (d.deadline() != null) {
            item.put("deadline", s(Times.sortable(d.deadline())));
        }
        item.put("createdAt", s(Times.sortable(d.createdAt())));
        item.put("status", s(d.status().name()));
        if (d.status() == Draft.Status.WAITING) {
            item.put("gsi1pk", s(TableKeys.DRAFTS_WAITING));
            item.put("gsi1sk", s((d.deadline() == null ? "~" : Times.sortable(d.deadline())) + "#" + d.id()));
        }
        return item;
    }

    static Draft toDraft(Map<String, AttributeValue> item) {
        AttributeValue reasons = item.get("reasons");
        return new Draft(Json.read(item.get("action").s(), Action.class), item.get("kind").s(), str(item, "caseId"),
                str(item, "team"), str(item, "account"), str(item, "text"),
                reasons == null ? List.of() : reasons.l().stream().map(AttributeValue::s).toList(), str(item, "guardrails"),
                Times.parse(str(item, "deadline")), Times.parse(str(item, "createdAt")),
                Draft.Status.valueOf(item.get("status").s()), str(item, "decidedBy"), Times.parse(str(item, "decidedAt")),
                str(item, "note"));
    }

    /** Kept for twice the window: long enough for every query that can still count it. */
    static Map<String, AttributeValue> sightingItem(TopicSighting topicSighting) {
        Sighting sighting = topicSighting.sighting();
        Duration window = topicSighting.window();
        Map<String, AttributeValue> item = TableKeys.sighting(topicSighting.topicKey(), sighting.authorKey());
        item.put("type", s("sighting"));
        item.put("at", s(Times.sortable(sighting.at())));
        item.put("complaint", AttributeValue.fromBool(sighting.complaint()));
        putIfPresent(item, "watchedMention", sighting.watchedMention());
        putIfPresent(item, "caseId", sighting.caseId());
        item.put("ttl", n(sighting.at().plus(window).plus(window).getEpochSecond()));
        return item;
    }

    static Sighting toSighting(Map<String, AttributeValue> item) {
        return new Sighting(item.get(TableKeys.SK).s(), Times.parse(item.get("at").s()), bool(item, "complaint"),
                str(item, "watchedMention"), str(item, "caseId"));
    }

    static Incident toIncident(Map<String, AttributeValue> item, List<String> cases) {
        return new Incident(item.get("incidentId").s(), Platform.fromId(item.get("platform").s()).orElseThrow(),
                item.get("topic").s(), IncidentStatus.valueOf(item.get("status").s()),
                Times.parse(item.get("openedAt").s()), List.copyOf(cases));
    }

    static Map<String, AttributeValue> pointer(Map<String, AttributeValue> key, String caseId) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key);
        item.put("type", s("pointer"));
        item.put("caseId", s(caseId));
        return item;
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, s(value));
        }
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    static AttributeValue s(String value) {
        return value == null ? null : AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static io.careloop.cases.Agent toAgent(Map<String, AttributeValue> item) {
        java.util.Set<io.careloop.core.Platform> platforms = new java.util.HashSet<>();
        for (String id : strings(item, "platforms")) {
            io.careloop.core.Platform.fromId(id).ifPresent(platforms::add);
        }
        AttributeValue max = item.get("maxOpenCases");
        AttributeValue open = item.get("openCases");
        String last = str(item, "lastAssignedAt");
        return new io.careloop.cases.Agent(str(item, "agentId"), bool(item, "available"), strings(item, "teams"),
                java.util.Set.copyOf(strings(item, "languages")), java.util.Set.copyOf(platforms),
                max == null ? 0 : Integer.parseInt(max.n()), open == null ? 0 : Math.max(0, Integer.parseInt(open.n())),
                last == null ? null : Times.parse(last));
    }

    static AttributeValue list(java.util.Collection<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
    }
}
