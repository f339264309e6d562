package io.careloop.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.careloop.handler.LambdaJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The local stack invokes a handler the way Lambda does: through its stream method when it has one, with the event as
 * Lambda's JSON, so careloop's own event reading ({@link LambdaJson}) is what the local integration tests exercise.
 */
class LocalFunctionTest {

    /** Answers from the stream method only: the typed method, which Lambda does not call, fails loudly. */
    public static final class QueueEcho implements RequestHandler<SQSEvent, SQSBatchResponse>, RequestStreamHandler {
        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            throw new AssertionError("Lambda calls the stream method of a class that has one");
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage m : LambdaJson.sqsEvent(input).getRecords()) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId() + ":" + m.getBody()
                        + ":" + m.getAttributes().get("ApproximateReceiveCount")));
            }
            LambdaJson.write(new SQSBatchResponse(failures), output);
        }
    }

    public static final class HttpEcho implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
            RequestStreamHandler {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            throw new AssertionError("Lambda calls the stream method of a class that has one");
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            APIGatewayV2HTTPEvent e = LambdaJson.httpEvent(input);
            String body = e.getIsBase64Encoded()
                    ? new String(Base64.getDecoder().decode(e.getBody()), StandardCharsets.UTF_8) : e.getBody();
            LambdaJson.write(APIGatewayV2HTTPResponse.builder().withStatusCode(207)
                    .withHeaders(Map.of("x-seen", e.getRequestContext().getHttp().getMethod() + " " + e.getRawPath()
                            + " " + e.getHeaders().get("x-hub-signature-256")))
                    .withBody(body).build(), output);
        }
    }

    @Test
    void aQueueBatchGoesThroughTheStreamMethodAsLambdasJson() {
        LocalFunction f = function(new QueueEcho(), SQSBatchResponse.class);
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m-1");
        m.setBody("{\"k\":\"v\"}");
        m.setAttributes(Map.of("ApproximateReceiveCount", "2"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));

        Object answer = f.invoke(event);

        assertThat(answer).isInstanceOf(SQSBatchResponse.class);
        assertThat(((SQSBatchResponse) answer).getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-1:{\"k\":\"v\"}:2");
        assertThat(f.invocations().sum()).isEqualTo(1);
    }

    @Test
    void anHttpRequestKeepsItsBase64BodyHeadersAndRoute() {
        LocalFunction f = function(new HttpEcho(), APIGatewayV2HTTPResponse.class);
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/webhooks/meta")
                .withHeaders(Map.of("x-hub-signature-256", "sha256=abc"))
                .withBody(Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build()).build())
                .build();

        APIGatewayV2HTTPResponse answer = (APIGatewayV2HTTPResponse) f.invoke(event);

        assertThat(answer.getStatusCode()).isEqualTo(207);
        assertThat(answer.getBody()).isEqualTo("héllo");
        assertThat(answer.getHeaders()).containsEntry("x-seen", "POST /webhooks/meta sha256=abc");
    }

    @SuppressWarnings("unchecked")
    private static LocalFunction function(Object handler, Class<?> output) {
        StackTemplate.Function definition = new StackTemplate.Function("EchoFunction", handler.getClass().getName(), 30,
                Map.of(), List.of());
        return new LocalFunction(definition, (RequestHandler<Object, Object>) handler, output, new LongAdder(),
                new LongAdder());
    }
}
