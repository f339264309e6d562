package io.careloop.incidents;

/** The topic's incident, and whether this call opened it (concurrent callers get the same one). */
public record IncidentOpening(String incidentId, boolean opened) {
}
