package io.careloop.handler;

import io.careloop.poll.PollService;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.careloop.wiring.Priming;
import io.careloop.wiring.Services;
import io.careloop.wiring.UseCases;
import java.util.Map;

/** PollFunction: every minute, each configured source since its cursor → MentionQueue. */
public final class PollHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
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

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduleInput, Context context) {
        PollService.Result result = service.run();
        return Map.of("found", result.found(), "missedByWebhooks", result.missedByWebhooks());
    }
}
