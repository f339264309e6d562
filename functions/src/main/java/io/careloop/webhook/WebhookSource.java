package io.careloop.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Mention;
import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/** One webhook route ({@code /webhooks/{name}}): its handshake, its signature check and its payload format. */
public interface WebhookSource {
    /** The {@code {platform}} path segment this source answers. */
    String name();

    /** Answers a GET (subscription handshake). */
    default HttpResponse handshake(HttpRequest request) {
        return HttpResponse.error(405, "/webhooks/" + name() + " has no GET handshake; POST mentions to it");
    }

    /** Checks the request's signature over its raw bytes. Empty if genuine, else why not. */
    Optional<String> rejectReason(HttpRequest request);

    /** Turns a verified payload into mentions; entries that cannot be used are listed with the reason. */
    Parsed parse(JsonNode payload);

    /** @param rejected one human-readable reason per unusable entry */
    record Parsed(List<Mention> mentions, List<String> rejected, int skipped) {
    }
}
