package io.careloop.testing;

import io.careloop.observe.Metrics;
import java.util.ArrayList;
import java.util.List;

/** Metrics as a list of data points, so a test can say which business events a use case reported. */
public final class RecordingMetrics implements Metrics {
    /** One data point. */
    public record Point(Name name, double value, String platform) {
    }

    private final List<Point> points = new ArrayList<>();

    @Override
    public synchronized void put(Name name, double value, String platform) {
        points.add(new Point(name, value, platform));
    }

    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** The sum of a metric's values (a count's number of events). */
    public synchronized double total(Name name) {
        return points.stream().filter(p -> p.name() == name).mapToDouble(Point::value).sum();
    }

    /** A metric's values, in the order they were reported. */
    public synchronized List<Double> values(Name name) {
        return points.stream().filter(p -> p.name() == name).map(Point::value).toList();
    }
}
