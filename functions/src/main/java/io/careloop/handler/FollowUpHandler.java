package io.careloop.handler;

import io.careloop.followup.FollowUpService;

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

/** FollowUpFunction: every minute, due promises, SLA breaches, check-ins and close-the-loop → ActionQueue. */
public final class FollowUpHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>,
        RequestStreamHandler {
    private final FollowUpService service;

    public FollowUpHandler() {
        this(Priming.registered(Services.fromEnvironment()));
    }

    public FollowUpHandler(Services services) {
        this(new UseCases(services).followUp());
    }

    public FollowUpHandler(FollowUpService service) {
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
        var handled = service.run();
        return Map.of("handled", handled.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue)));
    }
}
