package io.careloop.handler;

import io.careloop.http.HttpRequest;
import io.careloop.http.HttpResponse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Converts API Gateway HTTP API (payload 2.0) events to domain requests and back. */
public final class ApiGatewayAdapter {
    private ApiGatewayAdapter() {
    }

    public static HttpRequest toRequest(APIGatewayV2HTTPEvent event) {
        String method = "GET";
        String path = event.getRawPath();
        Map<String, String> claims = Map.of();
        if (event.getRequestContext() != null) {
            var context = event.getRequestContext();
            if (context.getHttp() != null) {
                method = context.getHttp().getMethod();
                path = path == null ? context.getHttp().getPath() : path;
            }
            if (context.getAuthorizer() != null && context.getAuthorizer().getJwt() != null
                    && context.getAuthorizer().getJwt().getClaims() != null) {
                claims = context.getAuthorizer().getJwt().getClaims();
            }
        }
        byte[] body;
        if (event.getBody() == null) {
            body = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                body = event.getBody().getBytes(StandardCharsets.UTF_8);
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> query = event.getQueryStringParameters() == null
                ? Map.of() : new HashMap<>(event.getQueryStringParameters());
        return new HttpRequest(method, path, event.getHeaders(), query, event.getPathParameters(), body, claims);
    }

    public static APIGatewayV2HTTPResponse toResponse(HttpResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }
}
