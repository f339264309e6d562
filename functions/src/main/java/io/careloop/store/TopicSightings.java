package io.careloop.store;

import io.careloop.incidents.Sighting;
import io.careloop.incidents.TopicSighting;
import java.time.Instant;
import java.util.List;

/** Who raised which topic lately: the raw material of corroboration and incident detection. */
public interface TopicSightings {

    /**
     * Records that an author raised a topic and returns every sighting of the topic within the window,
     * this one included. One write and one query, however many authors.
     */
    List<Sighting> recordSighting(TopicSighting sighting);

    /** Every sighting of a topic since the given time. One query. */
    List<Sighting> sightings(String topicKey, Instant since);
}
