package io.careloop.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.local.runtime.LocalRuntime;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A load run as a care team's day ({@code careloop load --demo-day}): agents are on shift before the mentions
 * arrive, so cases are routed; afterwards a lead resolves some of the assigned ones; then the day's report
 * ({@code GET /reports}) and the care events the sandbox's bus received are printed.
 */
final class DemoDay {
    /** The shift: each agent's teams and cap. */
    private static final List<String[]> AGENTS = List.of(
            new String[] {"ana", "[\"Care\", \"Operations\"]", "60"},
            new String[] {"bo", "[\"Care\", \"Billing\"]", "40"},
            new String[] {"cy", "[\"Logistics\", \"Care\"]", "40"});
    private static final int RESOLVED = 60;

    private final LocalRuntime runtime;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoDay(LocalRuntime runtime, String token) {
        this.runtime = runtime;
        this.token = token;
    }

    void startShift() throws Exception {
        for (String[] a : AGENTS) {
            call("PUT", "/agents/" + a[0], "{\"available\": true, \"teams\": " + a[1] + ", \"maxOpenCases\": " + a[2] + "}");
        }
    }

    /** Resolves up to {@link #RESOLVED} of the open, assigned cases, as a lead closing the day. */
    void closeTheDay() throws Exception {
        JsonNode page = Json.parse(call("GET", "/cases?limit=100", null));
        int resolved = 0;
        for (JsonNode c : page.path("cases")) {
            if (resolved >= RESOLVED) {
                break;
            }
            if (!c.path("assignee").isMissingNode() && !c.path("assignee").isNull()) {
                call("POST", "/cases/" + c.path("id").asText() + "/resolve", "{\"summary\": \"sorted on the day\"}");
                resolved++;
            }
        }
    }

    void print(PrintStream out) throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Map<String, Integer> events = new TreeMap<>();
        for (Map<String, Object> e : runtime.sandbox().events()) {
            events.merge(String.valueOf(e.get("detail-type")), 1, Integer::sum);
        }
        out.println("care events on the bus: " + Json.write(events));
        out.println("GET /reports?from=" + today + "&to=" + today + ":");
        out.println(call("GET", "/reports?from=" + today + "&to=" + today, null));
    }

    private String call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path))
                .header("authorization", "Bearer " + token).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            List<String> why = new ArrayList<>(List.of(method, path, Integer.toString(r.statusCode())));
            throw new IllegalStateException("demo day: " + String.join(" ", why) + " " + r.body());
        }
        return r.body();
    }
}
