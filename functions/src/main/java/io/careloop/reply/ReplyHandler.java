package io.careloop.reply;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.cases.Action;
import io.careloop.config.Services;
import io.careloop.core.Json;
import io.careloop.lambda.SqsBatch;
import io.careloop.queue.Deferral;
import io.careloop.store.RateBudget;

/** ReplyFunction: ActionQueue → render → post through the platform → outbound ledger, once per key. */
public final class ReplyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ReplyService service;
    private final Deferral deferral;

    public ReplyHandler() {
        this(io.careloop.lambda.Priming.registered(Services.fromEnvironment()));
    }

    public ReplyHandler(Services services) {
        this(new ReplyService(services.caseStore(), services.connectors(), services.brand(), services.clock(),
                        new PostingLimits(new RateBudget(services.dynamo(), services.settings().require("TABLE_NAME")),
                                services.brand(), services.settings())),
                new Deferral(services.sqs(), services.settings().require("ACTION_QUEUE_URL"), services.clock()));
    }

    /** @param deferral puts rate-limited messages to sleep until the platform's reset; null leaves them to the queue's timeout */
    public ReplyHandler(ReplyService service, Deferral deferral) {
        this.service = service;
        this.deferral = deferral;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, record -> {
            try {
                service.handle(Json.read(record.getBody(), Action.class));
            } catch (ReplyService.RetryLater e) {
                if (deferral != null && e.retryAt() != null && deferral.defer(record, e.retryAt())) {
                    return; // sent again as a new message; this one is done
                }
                throw e;
            }
        });
    }
}
