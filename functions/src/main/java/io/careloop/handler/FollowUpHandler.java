package io.careloop.handler;

import io.careloop.followup.FollowUpService;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.careloop.wiring.Priming;
import io.careloop.wiring.Services;
import io.careloop.wiring.UseCases;
import java.util.Map;

/** FollowUpFunction: every minute, due promises, SLA breaches, check-ins and close-the-loop → ActionQueue. */
public final class FollowUpHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
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

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduleInput, Context context) {
        var handled = service.run();
        return Map.of("handled", handled.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue)));
    }
}
