package io.careloop.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.careloop.config.Services;
import io.careloop.http.ApiGatewayAdapter;
import io.careloop.http.HttpResponse;
import io.careloop.lambda.Log;

/** CaseApiFunction: the agents' routes under /cases and /incidents, behind the JWT authorizer. */
public final class CaseApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Log LOG = Log.of(CaseApiHandler.class);
    private final CaseApi api;

    public CaseApiHandler() {
        this(io.careloop.lambda.Priming.registered(Services.fromEnvironment()));
    }

    public CaseApiHandler(Services services) {
        this(new CaseApi(services.caseStore(), services.actionQueue(), services.brand(), services.clock(),
                new Console(Console.SignIn.from(services.settings()))));
    }

    public CaseApiHandler(CaseApi api) {
        this.api = api;
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
