package io.careloop.webhook;

import io.careloop.observe.Metrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Log;
import io.careloop.queue.MentionQueue;
import io.careloop.queue.QueueSendException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verifies, normalises and enqueues webhook deliveries. Never calls platform APIs and never writes cases,
 * so it answers fast. Client mistakes get a 4xx with a reason, and a rejected request enqueues nothing.
 */
public final class WebhookService {
    /** The largest delivery accepted; platforms send far less. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    private static final Log LOG = Log.of(WebhookService.class);

    private final Map<String, WebhookSource> sources;
    private final MentionQueue queue;
    private final Metrics metrics;

    public WebhookService(List<WebhookSource> sources, MentionQueue queue, Metrics metrics) {
        this.sources = sources.stream().collect(Collectors.toMap(WebhookSource::name, Function.identity()));
        this.queue = queue;
        this.metrics = metrics;
    }

    public HttpResponse handle(HttpRequest request) {
        String name = request.pathParam("platform");
        WebhookSource source = name == null ? null : sources.get(name);
        if (source == null) {
            return HttpResponse.error(404, "no webhook for '" + name + "'; known: " + sources.keySet().stream().sorted().toList());
        }
        if (request.method().equals("GET")) {
            return source.handshake(request);
        }
        if (!request.method().equals("POST")) {
            return HttpResponse.error(405, "use POST to deliver and GET for the handshake");
        }
        if (request.body().length > MAX_BODY_BYTES) {
            return HttpResponse.error(413, "body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        var reason = source.rejectReason(request);
        if (reason.isPresent()) {
            LOG.warn("webhook signature rejected", "webhook", name, "reason", reason.get());
            return HttpResponse.error(401, reason.get());
        }
        JsonNode payload;
        try {
            payload = Json.parse(request.body());
        } catch (StreamConstraintsException e) {
            return HttpResponse.error(400, "body is not acceptable JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return HttpResponse.error(400, "body is not valid JSON: " + e.getOriginalMessage());
        }
        if (payload == null || payload.isMissingNode()) {
            return HttpResponse.error(400, "body is empty");
        }
        WebhookSource.Parsed parsed;
        try {
            parsed = source.parse(payload);
        } catch (IllegalArgumentException e) {
            return HttpResponse.error(400, e.getMessage());
        }
        if (parsed.mentions().isEmpty() && !parsed.rejected().isEmpty()) {
            return HttpResponse.json(400, Map.of("error", "no usable mention in the body", "rejected", parsed.rejected()));
        }
        try {
            queue.send(parsed.mentions());
        } catch (QueueSendException e) {
            LOG.error("could not enqueue mentions; asking the sender to retry", e, "webhook", name);
            return HttpResponse.error(503, "temporarily unable to accept mentions; retry later");
        }
        for (var m : parsed.mentions()) {
            LOG.info("mention accepted", "webhook", name, "platform", m.platform().id(), "platformId", m.id());
            metrics.count(Metrics.Name.MentionsIn, m.platform().id());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", parsed.mentions().size());
        body.put("skipped", parsed.skipped());
        if (!parsed.rejected().isEmpty()) {
            body.put("rejected", parsed.rejected());
        }
        return HttpResponse.json(202, body);
    }
}
