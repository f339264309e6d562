package io.careloop.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Reports' rolled-up counters, one item per day (UTC): what happened that day, added to as it happens, read back a
 * range of days at a time — never a scan of the cases.
 */
public interface ReportRollups {

    /** A day's counters. */
    record Day(LocalDate date, Map<String, Long> counters) {
    }

    /** Adds each counter's increment to the day's item (created on first use). */
    void add(LocalDate day, Map<String, Long> increments);

    /** The days from {@code from} to {@code to} inclusive that have counters, oldest first. */
    List<Day> days(LocalDate from, LocalDate to);
}
