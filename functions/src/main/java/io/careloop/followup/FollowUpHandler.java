package io.careloop.followup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.careloop.config.Services;
import java.util.Map;

/** FollowUpFunction: every minute, due promises, SLA breaches, check-ins and close-the-loop → ActionQueue. */
public final class FollowUpHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final FollowUpService service;

    public FollowUpHandler() {
        this(io.careloop.lambda.Priming.registered(Services.fromEnvironment()));
    }

    public FollowUpHandler(Services services) {
        this(new FollowUpService(services.caseStore(), services.actionQueue(), services.clock()));
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
