package io.careloop.triage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.config.Services;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.lambda.SqsBatch;

/** TriageFunction: MentionQueue → judge each mention → case store → ActionQueue. */
public final class TriageHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final TriageService service;

    public TriageHandler() {
        this(io.careloop.lambda.Priming.registered(Services.fromEnvironment()));
    }

    public TriageHandler(Services services) {
        this(new TriageService(Classifier.forBrand(services.brand()), services.caseStore(), services.actionQueue(), services.brand(),
                services.clock()));
    }

    public TriageHandler(TriageService service) {
        this.service = service;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, record -> service.triage(Json.read(record.getBody(), Mention.class)));
    }
}
