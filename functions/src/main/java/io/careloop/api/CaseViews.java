package io.careloop.api;

import io.careloop.cases.Case;
import io.careloop.cases.TimelineEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes the agents' API returns. */
final class CaseViews {
    private CaseViews() {
    }

    /** @param draftWaiting a reply on this case waits for a person's review (GET /drafts) */
    static Map<String, Object> summary(Case c, boolean draftWaiting) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("status", c.status().name());
        v.put("priority", c.priority().name());
        v.put("platform", c.platform().id());
        v.put("brandAccount", c.brandAccount());
        v.put("customer", Map.of("id", c.customer().id(), "handle", c.customer().handle(), "name", c.customer().name(),
                "followers", c.customer().followers(), "verified", c.customer().verified()));
        v.put("firstWords", c.firstWords());
        v.put("assignee", c.assignee());
        v.put("team", c.team());
        v.put("topic", c.topic());
        v.put("incidentId", c.incidentId());
        v.put("advocate", c.advocate());
        v.put("hostileMessages", c.hostileMessages());
        v.put("createdAt", str(c.createdAt()));
        v.put("firstResponseDue", str(c.firstResponseDue()));
        v.put("firstResponseAt", str(c.firstResponseAt()));
        v.put("firstHumanResponseAt", str(c.firstHumanResponseAt()));
        v.put("draftWaiting", draftWaiting);
        // A post careloop may not answer (X's pay-per-use reply rule): a person answers it by hand at this link.
        v.put("outreachTask", c.outreachTask());
        v.put("resolvedAt", str(c.resolvedAt()));
        v.put("slaBreached", c.slaBreached());
        v.put("version", c.version());
        return v;
    }

    static Map<String, Object> detail(Case c, List<TimelineEntry> timeline, boolean draftWaiting) {
        Map<String, Object> v = summary(c, draftWaiting);
        v.put("threadId", c.threadId());
        v.put("timeline", timeline.stream().map(CaseViews::entry).toList());
        return v;
    }

    private static Map<String, Object> entry(TimelineEntry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("at", str(e.at()));
        v.put("kind", e.kind().stored());
        v.put("actor", e.actor());
        v.put("text", e.text());
        v.put("private", e.isPrivate());
        v.put("ref", e.ref());
        v.put("note", e.note());
        return v;
    }

    private static String str(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
