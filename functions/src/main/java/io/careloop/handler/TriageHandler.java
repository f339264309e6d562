package io.careloop.handler;

import io.careloop.triage.TriageService;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.wiring.Priming;
import io.careloop.wiring.Services;
import io.careloop.wiring.UseCases;
import io.careloop.core.Json;
import io.careloop.core.Mention;

/** TriageFunction: MentionQueue → judge each mention → case store → ActionQueue. */
public final class TriageHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final TriageService service;

    public TriageHandler() {
        this(Priming.registeredForTriage(Services.fromEnvironment()));
    }

    public TriageHandler(Services services) {
        this(new UseCases(services).triage());
    }

    public TriageHandler(TriageService service) {
        this.service = service;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, record -> service.triage(Json.read(record.getBody(), Mention.class)));
    }
}
