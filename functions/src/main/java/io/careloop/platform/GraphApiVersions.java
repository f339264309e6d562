package io.careloop.platform;

import io.careloop.observe.Log;
import io.careloop.observe.Metrics;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Meta's Graph API versions and when each stops working, as Meta's changelog lists them
 * (https://developers.facebook.com/docs/graph-api/changelog/versions/, checked 2026-11). A call to a version past
 * its date no longer behaves as that version, so careloop pins one ({@code CARELOOP_META_GRAPH_VERSION}) and warns
 * well before its date.
 */
public final class GraphApiVersions {
    /** The version careloop calls unless configured otherwise: released 18 Feb 2026, available until 29 Jul 2028. */
    public static final String DEFAULT = "v25.0";
    /** careloop warns this many days (or fewer) before the configured version's date. */
    public static final int WARNING_DAYS = 60;

    private static final Log LOG = Log.of(GraphApiVersions.class);
    private static final Pattern FORMAT = Pattern.compile("v\\d{1,2}\\.\\d");

    /** Version → the last day Meta serves it; absent for a version whose date Meta has not set yet. */
    private static final Map<String, LocalDate> AVAILABLE_UNTIL = new LinkedHashMap<>();
    /** Version → its release date. */
    private static final Map<String, LocalDate> RELEASED = new LinkedHashMap<>();

    static {
        known("v26.0", "2026-07-29", null);
        known("v25.0", "2026-02-18", "2028-07-29");
        known("v24.0", "2025-10-08", "2028-02-18");
        known("v23.0", "2025-05-29", "2027-10-08");
        known("v22.0", "2025-01-21", "2027-05-20");
        known("v21.0", "2024-10-02", "2027-01-21");
        known("v20.0", "2024-05-21", "2026-09-24");
        known("v19.0", "2024-01-23", "2026-05-21");
        known("v18.0", "2023-09-12", "2026-01-26");
    }

    private GraphApiVersions() {
    }

    private static void known(String version, String released, String availableUntil) {
        RELEASED.put(version, LocalDate.parse(released));
        if (availableUntil != null) {
            AVAILABLE_UNTIL.put(version, LocalDate.parse(availableUntil));
        }
    }

    /**
     * The configured version, checked for its form ({@code v25.0}); a blank setting means {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException for anything that is not a Graph API version
     */
    public static String parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return DEFAULT;
        }
        String version = configured.trim();
        if (!FORMAT.matcher(version).matches()) {
            throw new IllegalArgumentException("CARELOOP_META_GRAPH_VERSION must look like " + DEFAULT + ", not '"
                    + version + "'");
        }
        return version;
    }

    /** Whether careloop knows this version from Meta's changelog. */
    public static boolean isKnown(String version) {
        return RELEASED.containsKey(version);
    }

    /** The last day Meta serves the version, when Meta has set one. */
    public static Optional<LocalDate> availableUntil(String version) {
        return Optional.ofNullable(AVAILABLE_UNTIL.get(version));
    }

    /** Days from {@code today} to the version's date (negative once it has passed); empty when no date is set. */
    public static Optional<Long> daysToSunset(String version, LocalDate today) {
        return availableUntil(version).map(until -> ChronoUnit.DAYS.between(today, until));
    }

    /** Whether the version is within {@link #WARNING_DAYS} of its date, or past it. */
    public static boolean nearSunset(String version, LocalDate today) {
        return daysToSunset(version, today).map(days -> days <= WARNING_DAYS).orElse(false);
    }

    /**
     * Reports the configured version's remaining days as {@code GraphApiVersionSunsetDays} (platform facebook), and
     * warns in the log when it is within {@link #WARNING_DAYS} of its date, past it, or unknown to careloop.
     *
     * @return the days left, when Meta has set a date
     */
    public static Optional<Long> report(String version, LocalDate today, Metrics metrics) {
        Optional<Long> days = daysToSunset(version, today);
        days.ifPresent(d -> metrics.put(Metrics.Name.GraphApiVersionSunsetDays, d, "facebook"));
        if (!isKnown(version)) {
            LOG.warn("Graph API version not in careloop's table of Meta's versions; check its date in Meta's changelog",
                    "graphApiVersion", version);
        } else if (days.isPresent() && days.get() < 0) {
            LOG.warn("Graph API version is past its date: Meta no longer serves it; set CARELOOP_META_GRAPH_VERSION to a "
                    + "current one", "graphApiVersion", version, "availableUntil", AVAILABLE_UNTIL.get(version).toString());
        } else if (days.isPresent() && days.get() <= WARNING_DAYS) {
            LOG.warn("Graph API version retires soon; set CARELOOP_META_GRAPH_VERSION to a current one",
                    "graphApiVersion", version, "availableUntil", AVAILABLE_UNTIL.get(version).toString(),
                    "daysLeft", days.get());
        }
        return days;
    }
}
