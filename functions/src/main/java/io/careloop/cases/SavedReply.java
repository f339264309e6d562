package io.careloop.cases;

import java.time.Instant;

/**
 * A team's saved reply: words an agent sends often, with template variables ({@code {greeting}}, {@code {name}},
 * {@code {signature}}, {@code {contact}}, {@code {topic}}...) filled for each case, and the guardrails applied like
 * any reply.
 *
 * @param id    short name within the team ({@code refund-policy})
 * @param title what the console lists it as
 */
public record SavedReply(String team, String id, String title, String text, Instant updatedAt, String updatedBy) {
}
