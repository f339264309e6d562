package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.cases.CaseIds;
import io.careloop.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A team with business hours, on the local stack: a complaint that arrives while the team is out is acknowledged
 * with when a person is back, and its first-response deadline counts only the team's hours.
 */
class BusinessHoursTest {
    /** The team works one day only, two days from now (UTC), 09:00 to 17:00: now it is out. */
    private static final LocalDate WORKDAY = LocalDate.now(ZoneOffset.UTC).plusDays(2);

    @RegisterExtension
    final TestStack stack = TestStack.perTest(brandWithHours());

    private static Map<String, String> brandWithHours() {
        try (var in = TestStack.class.getResourceAsStream("/io/careloop/config/default-brand.json")) {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(in);
            ((ObjectNode) root.get("policy")).setAll((ObjectNode) Json.mapper().readTree(
                    "{\"review\": {\"default\": \"auto\"}, \"reviewMargin\": 0}"));
            String day = WORKDAY.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            root.set("teams", Json.mapper().readTree("{\"Care\": {\"timeZone\": \"UTC\", \"slaClock\": \"business\", "
                    + "\"hours\": {\"" + day + "\": \"09:00-17:00\"}}}"));
            Path file = Files.createTempFile("careloop-brand-hours", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, root.toString());
            return Map.of("CARELOOP_CONFIG", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void outsideHoursTheFirstReplySaysWhenAPersonIsBackAndTheDeadlineWaitsForThem() {
        stack.postWebhook(TestStack.mention("x", "970", "97", "hana_b", "@AcmeHelp my widget stopped working"));
        stack.runtime.drain();

        Instant opening = WORKDAY.atTime(9, 0).toInstant(ZoneOffset.UTC);
        String back = String.format(Locale.ENGLISH, "09:00 on %s %d %s (UTC)",
                WORKDAY.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), WORKDAY.getDayOfMonth(),
                WORKDAY.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        List<String> posted = stack.postsMentioning("@hana_b").stream().map(p -> p.path("body").path("text").asText()).toList();
        assertThat(posted).singleElement().asString().contains("I'll be back at " + back).doesNotContain("{");

        JsonNode c = stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("x#970"), null);
        Duration sla = Duration.between(Instant.parse(c.path("createdAt").asText()),
                Instant.parse(c.path("firstResponseDue").asText()));
        assertThat(sla).isGreaterThan(Duration.ofHours(24)); // it waits for the team's day
        assertThat(Instant.parse(c.path("firstResponseDue").asText())).isAfter(opening)
                .isBeforeOrEqualTo(opening.plus(Duration.ofHours(8)));
    }
}
