package io.careloop.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something the care team should know when it happens, published to the stack's event bus (README "Care
 * events"): the detail-type is {@link Type#detailType()}, the detail carries ids and figures, never a customer's
 * words or a secret.
 *
 * @param type    what happened
 * @param at      when careloop saw it
 * @param subject the case or incident id it is about (the event's resource), or null
 * @param detail  ids and figures for rules to match on (priority, team, assignee, platform...)
 */
public record CareEvent(Type type, Instant at, String subject, Map<String, Object> detail) {

    /** The event types, each one detail-type on the bus. */
    public enum Type {
        CASE_OPENED("Case Opened"),
        CASE_ASSIGNED("Case Assigned"),
        CASE_UNASSIGNED("Case Unassigned"),
        CASE_UNROUTABLE("Case Unroutable"),
        CASE_ESCALATED("Case Escalated"),
        CASE_RESOLVED("Case Resolved"),
        CASE_HANDED_OFF("Case Handed Off"),
        HANDOFF_DONE("Hand-off Done"),
        CSAT_RECEIVED("CSAT Received"),
        SLA_AT_RISK("SLA At Risk"),
        SLA_BREACHED("SLA Breached"),
        INCIDENT_OPENED("Incident Opened"),
        INCIDENT_RESOLVED("Incident Resolved"),
        DRAFT_WAITING("Draft Waiting Too Long"),
        CREDENTIALS_FAILING("Platform Credentials Failing"),
        AGENT_AWAY("Agent Away");

        private final String detailType;

        Type(String detailType) {
            this.detailType = detailType;
        }

        public String detailType() {
            return detailType;
        }
    }

    public static CareEvent of(Type type, Instant at, String subject, Object... keyValues) {
        Map<String, Object> detail = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                detail.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return new CareEvent(type, at, subject, Map.copyOf(detail));
    }
}
