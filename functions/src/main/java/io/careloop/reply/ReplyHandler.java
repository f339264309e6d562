package io.careloop.reply;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.cases.Action;
import io.careloop.config.Services;
import io.careloop.core.Json;
import io.careloop.lambda.SqsBatch;

/** ReplyFunction: ActionQueue → render → post through the platform → outbound ledger, once per key. */
public final class ReplyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ReplyService service;

    public ReplyHandler() {
        this(io.careloop.lambda.Priming.registered(Services.fromEnvironment()));
    }

    public ReplyHandler(Services services) {
        this(new ReplyService(services.caseStore(), services.connectors(), services.brand(), services.clock()));
    }

    public ReplyHandler(ReplyService service) {
        this.service = service;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, record -> service.handle(Json.read(record.getBody(), Action.class)));
    }
}
