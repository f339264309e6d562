package io.careloop.reports;

import io.careloop.store.ReportRollups;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /reports}: a range of days read from their rolled-up items (one batch read per hundred days, never a
 * scan), merged into totals and broken down by day, platform, topic, intent, team and agent.
 */
public final class Reports {
    /** The longest range one report covers. */
    public static final int MAX_DAYS = 366;
    private static final List<String> DIMENSIONS = List.of("platform", "topic", "intent", "team", "priority");

    private final ReportRollups rollups;

    public Reports(ReportRollups rollups) {
        this.rollups = rollups;
    }

    /** The report of {@code from}..{@code to} inclusive (UTC days). */
    public Map<String, Object> report(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to is before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new IllegalArgumentException("a report covers at most " + MAX_DAYS + " days");
        }
        List<ReportRollups.Day> days = rollups.days(from, to);
        Map<String, Long> total = new TreeMap<>();
        days.forEach(d -> d.counters().forEach((k, v) -> total.merge(k, v, Long::sum)));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("from", from.toString());
        report.put("to", to.toString());
        report.put("totals", figures(total));
        Map<String, Object> volume = new LinkedHashMap<>();
        for (String dimension : DIMENSIONS) {
            volume.put("by" + Character.toUpperCase(dimension.charAt(0)) + dimension.substring(1),
                    breakdown(total, "opened#" + dimension + "#"));
        }
        report.put("volume", volume);
        report.put("byTeam", group(total, "team"));
        report.put("byAgent", group(total, "agent"));
        List<Map<String, Object>> perDay = new ArrayList<>();
        Map<LocalDate, Map<String, Long>> byDate = new TreeMap<>();
        days.forEach(d -> byDate.put(d.date(), d.counters()));
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", day.toString());
            row.putAll(figures(byDate.getOrDefault(day, Map.of())));
            perDay.add(row);
        }
        report.put("days", perDay);
        return report;
    }

    /** The headline figures of a set of counters. */
    private static Map<String, Object> figures(Map<String, Long> c) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("opened", c.getOrDefault("opened", 0L));
        f.put("resolved", c.getOrDefault("resolved", 0L));
        f.put("firstResponseSeconds", distribution(c, "firstResponse"));
        f.put("automaticAcknowledgementSeconds", distribution(c, "automatic"));
        f.put("firstHumanResponseSeconds", distribution(c, "human"));
        f.put("resolutionSeconds", distribution(c, "resolution"));
        f.put("slaAttainment", ratio(c.getOrDefault("slaMet", 0L), c.getOrDefault("slaMeasured", 0L)));
        f.put("slaBreaches", c.getOrDefault("slaBreached", 0L));
        long answers = c.getOrDefault("csatAnswers", 0L);
        f.put("csat", answers == 0 ? null : Math.round(100.0 * c.getOrDefault("csatPoints", 0L) / answers) / 100.0);
        f.put("csatAnswers", answers);
        f.put("incidents", Map.of("opened", c.getOrDefault("incidentsOpened", 0L),
                "resolved", c.getOrDefault("incidentsResolved", 0L)));
        return f;
    }

    private static Map<String, Object> distribution(Map<String, Long> c, String prefix) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("p50", Histogram.percentile(c, prefix, 50));
        d.put("p90", Histogram.percentile(c, prefix, 90));
        return d;
    }

    private static Double ratio(long met, long measured) {
        return measured == 0 ? null : Math.round(1000.0 * met / measured) / 1000.0;
    }

    private static Map<String, Long> breakdown(Map<String, Long> c, String prefix) {
        Map<String, Long> counts = new TreeMap<>();
        c.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                counts.put(k.substring(prefix.length()), v);
            }
        });
        return counts;
    }

    /** Per team or per agent: resolved, response and resolution times, SLA attainment. */
    private static Map<String, Object> group(Map<String, Long> c, String kind) {
        TreeSet<String> names = new TreeSet<>();
        String marker = "#" + kind + "#";
        c.keySet().forEach(k -> {
            int at = k.indexOf(marker);
            if (at >= 0 && !k.startsWith("opened#")) {
                String rest = k.substring(at + marker.length());
                int bucket = rest.lastIndexOf("#b");
                names.add(bucket >= 0 && rest.substring(bucket + 2).matches("\\d+") ? rest.substring(0, bucket) : rest);
            }
        });
        Map<String, Object> groups = new TreeMap<>();
        for (String name : names) {
            Map<String, Object> g = new LinkedHashMap<>();
            if (kind.equals("team")) {
                g.put("opened", c.getOrDefault("opened#team#" + name, 0L));
            }
            g.put("resolved", c.getOrDefault("resolved" + marker + name, 0L));
            g.put("firstHumanResponseSeconds", distribution(c, "human" + marker + name));
            g.put("resolutionSeconds", distribution(c, "resolution" + marker + name));
            g.put("slaAttainment", ratio(c.getOrDefault("slaMet" + marker + name, 0L),
                    c.getOrDefault("slaMeasured" + marker + name, 0L)));
            if (kind.equals("team")) {
                g.put("slaBreaches", c.getOrDefault("slaBreached#team#" + name, 0L));
            }
            long answers = c.getOrDefault("csatAnswers" + marker + name, 0L);
            g.put("csat", answers == 0 ? null
                    : Math.round(100.0 * c.getOrDefault("csatPoints" + marker + name, 0L) / answers) / 100.0);
            groups.put(name, g);
        }
        return groups;
    }

    /** The report's days as CSV, one row per day (RFC 4180: a header line, CRLF line ends). */
    @SuppressWarnings("unchecked")
    public static String csv(Map<String, Object> report) {
        StringBuilder out = new StringBuilder("date,opened,resolved,first_response_p50_s,first_response_p90_s,"
                + "automatic_ack_p50_s,first_human_response_p50_s,first_human_response_p90_s,resolution_p50_s,"
                + "resolution_p90_s,sla_attainment,sla_breaches,incidents_opened,incidents_resolved,csat,csat_answers\r\n");
        for (Map<String, Object> day : (List<Map<String, Object>>) report.get("days")) {
            Map<String, Object> fr = (Map<String, Object>) day.get("firstResponseSeconds");
            Map<String, Object> auto = (Map<String, Object>) day.get("automaticAcknowledgementSeconds");
            Map<String, Object> human = (Map<String, Object>) day.get("firstHumanResponseSeconds");
            Map<String, Object> resolution = (Map<String, Object>) day.get("resolutionSeconds");
            Map<String, Object> incidents = (Map<String, Object>) day.get("incidents");
            List<Object> cells = List.of(day.get("date"), day.get("opened"), day.get("resolved"), cell(fr.get("p50")),
                    cell(fr.get("p90")), cell(auto.get("p50")), cell(human.get("p50")), cell(human.get("p90")),
                    cell(resolution.get("p50")), cell(resolution.get("p90")), cell(day.get("slaAttainment")),
                    day.get("slaBreaches"), incidents.get("opened"), incidents.get("resolved"), cell(day.get("csat")),
                    day.get("csatAnswers"));
            out.append(String.join(",", cells.stream().map(String::valueOf).toList())).append("\r\n");
        }
        return out.toString();
    }

    private static Object cell(Object value) {
        return value == null ? "" : value;
    }
}
