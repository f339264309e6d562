package io.careloop.reports;

import io.careloop.events.CareEvent;
import io.careloop.events.CareEvents;
import io.careloop.store.ReportRollups;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports are rolled up from the care events as they are raised, in the function that raises them: each event adds
 * to its day's counters (UTC) in one write. Volume comes from opened cases; response and resolution times, SLA
 * attainment and the per-team and per-agent figures from resolved cases (when all of a case's times are known).
 */
public final class RollupCareEvents implements CareEvents {
    private final ReportRollups rollups;

    public RollupCareEvents(ReportRollups rollups) {
        this.rollups = rollups;
    }

    @Override
    public void publish(CareEvent event) {
        Map<String, Long> add = counters(event);
        if (!add.isEmpty()) {
            rollups.add(LocalDate.ofInstant(event.at(), ZoneOffset.UTC), add);
        }
    }

    /** The counters an event adds to: see {@link Reports} for how they are read. */
    static Map<String, Long> counters(CareEvent event) {
        Map<String, Object> d = event.detail();
        Map<String, Long> add = new LinkedHashMap<>();
        switch (event.type()) {
            case CASE_OPENED -> {
                add.put("opened", 1L);
                for (String dimension : new String[] {"platform", "topic", "intent", "team", "priority"}) {
                    if (d.get(dimension) != null) {
                        add.put("opened#" + dimension + "#" + d.get(dimension), 1L);
                    }
                }
            }
            case CASE_RESOLVED -> {
                String team = (String) d.get("team");
                String agent = (String) d.get("assignee");
                add.put("resolved", 1L);
                if (team != null) {
                    add.put("resolved#team#" + team, 1L);
                }
                if (agent != null) {
                    add.put("resolved#agent#" + agent, 1L);
                }
                duration(add, d, "firstResponseSeconds", "firstResponse", null, null);
                duration(add, d, "automaticSeconds", "automatic", null, null);
                duration(add, d, "humanSeconds", "human", team, agent);
                duration(add, d, "resolutionSeconds", "resolution", team, agent);
                if (Boolean.TRUE.equals(d.get("slaMeasured"))) {
                    boolean met = Boolean.TRUE.equals(d.get("slaMet"));
                    sla(add, "", met);
                    if (team != null) {
                        sla(add, "#team#" + team, met);
                    }
                    if (agent != null) {
                        sla(add, "#agent#" + agent, met);
                    }
                }
            }
            case SLA_BREACHED -> {
                add.put("slaBreached", 1L);
                if (d.get("team") != null) {
                    add.put("slaBreached#team#" + d.get("team"), 1L);
                }
            }
            case INCIDENT_OPENED -> add.put("incidentsOpened", 1L);
            case INCIDENT_RESOLVED -> add.put("incidentsResolved", 1L);
            case CSAT_RECEIVED -> {
                if (d.get("score") instanceof Number n) {
                    csat(add, "", n.longValue());
                    if (d.get("team") != null) {
                        csat(add, "#team#" + d.get("team"), n.longValue());
                    }
                    if (d.get("assignee") != null) {
                        csat(add, "#agent#" + d.get("assignee"), n.longValue());
                    }
                    add.put("csat#score#" + n.longValue(), 1L);
                }
            }
            default -> {
                // not a reported figure
            }
        }
        return add;
    }

    private static void duration(Map<String, Long> add, Map<String, Object> d, String field, String prefix, String team,
                                 String agent) {
        if (d.get(field) instanceof Number n) {
            add.put(Histogram.key(prefix, n.longValue()), 1L);
            if (team != null) {
                add.put(Histogram.key(prefix + "#team#" + team, n.longValue()), 1L);
            }
            if (agent != null) {
                add.put(Histogram.key(prefix + "#agent#" + agent, n.longValue()), 1L);
            }
        }
    }

    private static void csat(Map<String, Long> add, String suffix, long score) {
        add.put("csatAnswers" + suffix, 1L);
        add.put("csatPoints" + suffix, score);
    }

    private static void sla(Map<String, Long> add, String suffix, boolean met) {
        add.put("slaMeasured" + suffix, 1L);
        if (met) {
            add.put("slaMet" + suffix, 1L);
        }
    }
}
