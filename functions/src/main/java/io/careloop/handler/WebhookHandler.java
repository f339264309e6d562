package io.careloop.handler;

import io.careloop.webhook.WebhookService;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.careloop.wiring.Priming;
import io.careloop.wiring.Services;
import io.careloop.wiring.UseCases;
import io.careloop.http.HttpResponse;
import io.careloop.observe.Log;

/** WebhookFunction: {@code GET|POST /webhooks/{platform}} → verify → normalise → MentionQueue. */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, RequestStreamHandler {
    private static final Log LOG = Log.of(WebhookHandler.class);
    private final WebhookService service;

    /** Used by the Lambda runtime: configuration from the environment, clients built once. */
    public WebhookHandler() {
        this(Priming.registered(Services.fromEnvironment()));
    }

    public WebhookHandler(Services services) {
        this(new UseCases(services).webhooks());
    }

    public WebhookHandler(WebhookService service) {
        this.service = service;
    }

    /**
     * What Lambda calls (the runtime prefers this signature): the event read and the answer written by
     * {@link LambdaJson}, so the runtime's own event serialiser is never loaded.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.httpEvent(input), context), output);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            return ApiGatewayAdapter.toResponse(service.handle(ApiGatewayAdapter.toRequest(event)));
        } catch (RuntimeException e) {
            LOG.error("webhook failed", e);
            return ApiGatewayAdapter.toResponse(HttpResponse.error(500, "internal error"));
        }
    }
}
