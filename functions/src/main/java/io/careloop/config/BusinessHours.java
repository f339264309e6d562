package io.careloop.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * When a team works: a time zone, opening hours per weekday (one or more intervals, e.g. {@code "09:00-12:30,
 * 13:30-17:30"}) and holidays. Answers whether the team is in, when it is next in, and how much working time lies
 * between two instants or after one — across daylight-saving changes, by the zone's own rules.
 */
public final class BusinessHours {
    /** How far ahead a calculation looks for working time before it gives up (a team that never opens). */
    private static final int HORIZON_DAYS = 800;
    private static final DateTimeFormatter BACK_AT =
            DateTimeFormatter.ofPattern("HH:mm 'on' EEE d MMM", Locale.ENGLISH);

    /** An opening interval on a weekday, [from, to). */
    private record Interval(LocalTime from, LocalTime to) {
    }

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Interval>> week;
    private final Set<LocalDate> holidays;

    private BusinessHours(ZoneId zone, Map<DayOfWeek, List<Interval>> week, Set<LocalDate> holidays) {
        this.zone = zone;
        this.week = week;
        this.holidays = holidays;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * From the brand file: {@code "timeZone": "Europe/London", "hours": {"mon": "09:00-17:30", ...,
     * "sat": "closed"}, "holidays": ["2026-12-25"]}; a weekday left out is closed.
     */
    static BusinessHours parse(String team, JsonNode node) {
        String where = "Brand file: teams." + team;
        ZoneId zone;
        try {
            zone = ZoneId.of(node.path("timeZone").asText("UTC"));
        } catch (DateTimeException e) {
            throw new IllegalStateException(where + ".timeZone is not a time zone: '" + node.path("timeZone").asText() + "'");
        }
        Map<DayOfWeek, List<Interval>> week = new EnumMap<>(DayOfWeek.class);
        node.path("hours").fields().forEachRemaining(e -> {
            DayOfWeek day = day(where, e.getKey());
            String text = e.getValue().asText("").strip();
            List<Interval> intervals = new ArrayList<>();
            if (!text.equals("closed")) {
                for (String part : text.split(",")) {
                    String[] fromTo = part.strip().split("-");
                    try {
                        LocalTime from = LocalTime.parse(fromTo[0].strip());
                        LocalTime to = fromTo[1].strip().equals("24:00") ? LocalTime.MAX : LocalTime.parse(fromTo[1].strip());
                        if (!to.isAfter(from)) {
                            throw new IllegalStateException(where + ".hours." + e.getKey() + ": '" + part + "' ends before it starts");
                        }
                        intervals.add(new Interval(from, to));
                    } catch (DateTimeException | ArrayIndexOutOfBoundsException ex) {
                        throw new IllegalStateException(where + ".hours." + e.getKey() + " must be like 09:00-17:30 or closed, not '"
                                + text + "'");
                    }
                }
            }
            intervals.sort(java.util.Comparator.comparing(Interval::from));
            week.put(day, List.copyOf(intervals));
        });
        if (week.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalStateException(where + ".hours opens on no day of the week");
        }
        Set<LocalDate> holidays = new HashSet<>();
        for (JsonNode h : node.path("holidays")) {
            try {
                holidays.add(LocalDate.parse(h.asText()));
            } catch (DateTimeException e) {
                throw new IllegalStateException(where + ".holidays: '" + h.asText() + "' is not a date (YYYY-MM-DD)");
            }
        }
        return new BusinessHours(zone, week, Set.copyOf(holidays));
    }

    private static DayOfWeek day(String where, String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new IllegalStateException(where + ".hours: '" + name + "' is not a weekday (mon, tue, ... sun)");
    }

    /** The opening intervals of a local date, as instants; none on a holiday. */
    private List<Instant[]> openings(LocalDate date) {
        if (holidays.contains(date)) {
            return List.of();
        }
        List<Instant[]> result = new ArrayList<>();
        for (Interval i : week.getOrDefault(date.getDayOfWeek(), List.of())) {
            Instant from = ZonedDateTime.of(date, i.from(), zone).toInstant();
            Instant to = i.to().equals(LocalTime.MAX) ? ZonedDateTime.of(date.plusDays(1), LocalTime.MIDNIGHT, zone).toInstant()
                    : ZonedDateTime.of(date, i.to(), zone).toInstant();
            result.add(new Instant[] {from, to});
        }
        return result;
    }

    public boolean isOpen(Instant at) {
        LocalDate date = at.atZone(zone).toLocalDate();
        return openings(date).stream().anyMatch(o -> !at.isBefore(o[0]) && at.isBefore(o[1]));
    }

    /** {@code at} itself when the team is in, else the start of its next opening. */
    public Instant nextOpening(Instant at) {
        LocalDate date = at.atZone(zone).toLocalDate();
        for (int d = 0; d < HORIZON_DAYS; d++) {
            for (Instant[] o : openings(date.plusDays(d))) {
                if (at.isBefore(o[1])) {
                    return at.isBefore(o[0]) ? o[0] : at;
                }
            }
        }
        throw new IllegalStateException("the team opens on no day in the next " + HORIZON_DAYS + " days");
    }

    /** When {@code working} time has passed since {@code start}, counting only the team's hours. */
    public Instant plusWorkingTime(Instant start, Duration working) {
        Duration left = working;
        LocalDate date = start.atZone(zone).toLocalDate();
        for (int d = 0; d < HORIZON_DAYS; d++) {
            for (Instant[] o : openings(date.plusDays(d))) {
                if (!o[1].isAfter(start)) {
                    continue;
                }
                Instant from = start.isAfter(o[0]) ? start : o[0];
                Duration available = Duration.between(from, o[1]);
                if (available.compareTo(left) >= 0) {
                    return from.plus(left);
                }
                left = left.minus(available);
            }
        }
        throw new IllegalStateException("the team opens on no day in the next " + HORIZON_DAYS + " days");
    }

    /** The working time between two instants (zero when {@code to} is not after {@code from}). */
    public Duration workingTimeBetween(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        if (!to.isAfter(from)) {
            return total;
        }
        LocalDate date = from.atZone(zone).toLocalDate();
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = date; !day.isAfter(last); day = day.plusDays(1)) {
            for (Instant[] o : openings(day)) {
                Instant a = from.isAfter(o[0]) ? from : o[0];
                Instant b = to.isBefore(o[1]) ? to : o[1];
                if (b.isAfter(a)) {
                    total = total.plus(Duration.between(a, b));
                }
            }
        }
        return total;
    }

    /** "09:00 on Mon 30 Nov (Europe/London)": when a person is back, in the team's own time. */
    public String describe(Instant at) {
        return BACK_AT.format(at.atZone(zone)) + " (" + zone.getId() + ")";
    }
}
