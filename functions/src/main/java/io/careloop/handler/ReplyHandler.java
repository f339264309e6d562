package io.careloop.handler;

import io.careloop.queue.Deferral;
import java.util.Map;

import io.careloop.reply.ReplyService;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.cases.Action;
import io.careloop.wiring.Priming;
import io.careloop.wiring.Services;
import io.careloop.wiring.UseCases;
import io.careloop.core.Json;

/** ReplyFunction: ActionQueue → render → post through the platform → outbound ledger, once per key. */
public final class ReplyHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, RequestStreamHandler {
    private final ReplyService service;
    private final Deferral deferral;

    public ReplyHandler() {
        this(Priming.registered(Services.fromEnvironment()));
    }

    public ReplyHandler(Services services) {
        this(new UseCases(services));
    }

    private ReplyHandler(UseCases useCases) {
        this(useCases.reply(), useCases.actionDeferral());
    }

    /** @param deferral puts rate-limited messages to sleep until the platform's reset; null leaves them to the queue's timeout */
    public ReplyHandler(ReplyService service, Deferral deferral) {
        this.service = service;
        this.deferral = deferral;
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
        return SqsBatch.process(event, context, record -> {
            try {
                service.handle(Json.read(record.getBody(), Action.class));
            } catch (ReplyService.RetryLater e) {
                if (deferral != null && e.retryAt() != null && deferral.defer(received(record), e.retryAt())) {
                    return; // sent again as a new message; this one is done
                }
                throw e;
            }
        });
    }

    private static Deferral.Received received(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes() == null ? Map.of() : record.getAttributes();
        int receives;
        try {
            receives = Integer.parseInt(attributes.get("ApproximateReceiveCount"));
        } catch (RuntimeException e) {
            receives = 1;
        }
        return new Deferral.Received(record.getMessageId(), record.getBody(), record.getReceiptHandle(),
                attributes.get("MessageGroupId"), receives);
    }
}
