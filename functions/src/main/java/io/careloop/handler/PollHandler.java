package io.careloop.handler;

import io.careloop.poll.PollService;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import io.careloop.wiring.Priming;
import io.careloop.wiring.Services;
import io.careloop.wiring.UseCases;
import java.util.Map;

/** PollFunction: every minute, each configured source since its cursor → MentionQueue. */
public final class PollHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>,
        RequestStreamHandler {
    private final PollService service;

    public PollHandler() {
        this(Priming.registered(Services.fromEnvironment()));
    }

    public PollHandler(Services services) {
        this(new UseCases(services).poll());
    }

    public PollHandler(PollService service) {
        this.service = service;
    }

    /**
     * What Lambda calls (the runtime prefers this signature): the schedule's event carries nothing this function
     * uses, so it is not read at all, and the summary is written with {@link io.careloop.core.Json#write}.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(io.careloop.core.Json.write(handleRequest(Map.of(), context)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduleInput, Context context) {
        PollService.Result result = service.run();
        return Map.of("found", result.found(), "missedByWebhooks", result.missedByWebhooks());
    }
}
