package io.careloop.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda events careloop's handlers take, read from and written to the invocation's JSON with careloop's own
 * Jackson mapper. A handler that takes the raw stream spares the function the Lambda runtime's event serialiser
 * (its own shaded Jackson, Joda-Time and some 800 classes, about 150 ms of a cold start) for the few fields careloop
 * reads. The shapes are the documented ones: SQS event records, API Gateway HTTP API payload format 2.0, and the
 * partial batch response ({@code batchItemFailures[].itemIdentifier}).
 */
public final class LambdaJson {
    private LambdaJson() {
    }

    /** An SQS event: each record's id, receipt handle, body, attributes and source. */
    public static SQSEvent sqsEvent(InputStream in) throws IOException {
        JsonNode root = Json.parse(in);
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonNode r : root.path("Records")) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(text(r, "messageId"));
            m.setReceiptHandle(text(r, "receiptHandle"));
            m.setBody(text(r, "body"));
            m.setMd5OfBody(text(r, "md5OfBody"));
            m.setAttributes(strings(r.path("attributes")));
            m.setEventSource(text(r, "eventSource"));
            m.setEventSourceArn(text(r, "eventSourceARN"));
            m.setAwsRegion(text(r, "awsRegion"));
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** An HTTP API (payload format 2.0) request: route, raw path and query, headers, body, method, JWT claims. */
    public static APIGatewayV2HTTPEvent httpEvent(InputStream in) throws IOException {
        JsonNode root = Json.parse(in);
        JsonNode context = root.path("requestContext");
        JsonNode http = context.path("http");
        APIGatewayV2HTTPEvent.RequestContext.Http httpContext = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(text(http, "method"))
                .withPath(text(http, "path"))
                .withProtocol(text(http, "protocol"))
                .withSourceIp(text(http, "sourceIp"))
                .withUserAgent(text(http, "userAgent"))
                .build();
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder requestContext = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(httpContext)
                .withRequestId(text(context, "requestId"))
                .withRouteKey(text(context, "routeKey"))
                .withStage(text(context, "stage"))
                .withTimeEpoch(context.path("timeEpoch").asLong(0));
        JsonNode jwt = context.path("authorizer").path("jwt");
        if (jwt.isObject()) {
            APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT token = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
            token.setClaims(strings(jwt.path("claims")));
            if (jwt.path("scopes").isArray()) {
                List<String> scopes = new ArrayList<>();
                jwt.path("scopes").forEach(s -> scopes.add(s.asText()));
                token.setScopes(scopes);
            }
            requestContext.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(token).build());
        }
        List<String> cookies = null;
        if (root.path("cookies").isArray()) {
            cookies = new ArrayList<>();
            for (JsonNode c : root.path("cookies")) {
                cookies.add(c.asText());
            }
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion(text(root, "version"))
                .withRouteKey(text(root, "routeKey"))
                .withRawPath(text(root, "rawPath"))
                .withRawQueryString(text(root, "rawQueryString"))
                .withCookies(cookies)
                .withHeaders(strings(root.path("headers")))
                .withQueryStringParameters(strings(root.path("queryStringParameters")))
                .withPathParameters(strings(root.path("pathParameters")))
                .withStageVariables(strings(root.path("stageVariables")))
                .withBody(text(root, "body"))
                .withIsBase64Encoded(root.path("isBase64Encoded").asBoolean(false))
                .withRequestContext(requestContext.build())
                .build();
    }

    /** The partial batch response: {@code {"batchItemFailures":[{"itemIdentifier":"<message id>"}]}}. */
    public static void write(SQSBatchResponse response, OutputStream out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("batchItemFailures");
            for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
                g.writeStartObject();
                g.writeStringField("itemIdentifier", failure.getItemIdentifier());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** An HTTP API response (payload format 2.0): status code, headers, cookies, body, base64 flag. */
    public static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeNumberField("statusCode", response.getStatusCode());
            if (response.getHeaders() != null) {
                g.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> h : response.getHeaders().entrySet()) {
                    g.writeStringField(h.getKey(), h.getValue());
                }
                g.writeEndObject();
            }
            if (response.getCookies() != null) {
                g.writeArrayFieldStart("cookies");
                for (String cookie : response.getCookies()) {
                    g.writeString(cookie);
                }
                g.writeEndArray();
            }
            if (response.getBody() != null) {
                g.writeStringField("body", response.getBody());
            }
            g.writeBooleanField("isBase64Encoded", response.getIsBase64Encoded());
            g.writeEndObject();
        }
    }

    /** Leaves the stream open: it belongs to the runtime. */
    private static JsonGenerator generator(OutputStream out) throws IOException {
        return Json.generator(out);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A JSON object of names to values as strings (null when absent): headers, parameters, claims, attributes. */
    private static Map<String, String> strings(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.properties().forEach(e -> values.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return values;
    }
}
