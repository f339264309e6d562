package io.careloop.handler;

import io.careloop.triage.TriageService;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.wiring.Priming;
import io.careloop.wiring.Services;
import io.careloop.wiring.UseCases;
import io.careloop.core.Json;
import io.careloop.core.Mention;

/** TriageFunction: MentionQueue → judge each mention → case store → ActionQueue. */
public final class TriageHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, RequestStreamHandler {
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

    /**
     * What Lambda calls (the runtime prefers this signature): the event read and the answer written by
     * {@link LambdaJson}, so the runtime's own event serialiser is never loaded.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.sqsEvent(input), context), output);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, context, record -> service.triage(Json.read(record.getBody(), Mention.class)));
    }
}
