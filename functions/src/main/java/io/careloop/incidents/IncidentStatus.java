package io.careloop.incidents;

public enum IncidentStatus {
    OPEN,
    RESOLVED
}
