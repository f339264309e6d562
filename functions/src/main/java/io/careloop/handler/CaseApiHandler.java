package io.careloop.handler;

import io.careloop.api.CaseApi;

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

/** CaseApiFunction: the agents' routes under /cases and /incidents, behind the JWT authorizer. */
public final class CaseApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, RequestStreamHandler {
    private static final Log LOG = Log.of(CaseApiHandler.class);
    private final CaseApi api;

    public CaseApiHandler() {
        this(Priming.registered(Services.fromEnvironment()));
    }

    public CaseApiHandler(Services services) {
        this(new UseCases(services).caseApi());
    }

    public CaseApiHandler(CaseApi api) {
        this.api = api;
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
            return ApiGatewayAdapter.toResponse(api.handle(ApiGatewayAdapter.toRequest(event)));
        } catch (RuntimeException e) {
            LOG.error("case API failed", e);
            return ApiGatewayAdapter.toResponse(HttpResponse.error(500, "internal error"));
        }
    }
}
