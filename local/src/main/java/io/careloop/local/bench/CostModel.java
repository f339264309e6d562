package io.careloop.local.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cost per million mentions on AWS from what the benchmark counted and timed, for the common path: a
 * mention that opens a case and is acknowledged once. Prices are us-east-1 on-demand list prices.
 */
final class CostModel {
    static final String PRICES_AS_OF = "us-east-1 on-demand list prices as published in November 2024 "
            + "(DynamoDB on-demand after its 1 November 2024 reduction); check aws.amazon.com/pricing before relying on them";
    static final double LAMBDA_PER_GB_SECOND = 0.0000166667;
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    static final double SQS_FIFO_PER_MILLION_REQUESTS = 0.50;
    static final double DYNAMODB_PER_MILLION_WRITE_UNITS = 0.625;
    static final double DYNAMODB_PER_MILLION_READ_UNITS = 0.125;
    static final double HTTP_API_PER_MILLION_REQUESTS = 1.00;
    static final double MEMORY_GB = 1.0; // template Globals: MemorySize 1024
    static final int BATCH = 10;          // template: BatchSize 10 on both queues

    private CostModel() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> perMillion(Map<String, Object> requests, Map<String, Object> throughput) {
        Map<String, Object> newCase = (Map<String, Object>) requests.get("newCase");
        Map<String, Object> triage = (Map<String, Object>) newCase.get("triage");
        Map<String, Object> reply = (Map<String, Object>) newCase.get("reply");
        Map<String, Object> durations = (Map<String, Object>) throughput.get("functionDurations");
        long mentions = ((Number) throughput.get("mentions")).longValue();

        double webhookMs = meanMillis(durations, "WebhookFunction");
        // Per-mention share of the queue consumers' time: total busy time over the mentions handled.
        double triageMs = busyMillis(durations, "TriageFunction") / mentions;
        double replyMs = busyMillis(durations, "ReplyFunction") / mentions;
        double gbSeconds = (webhookMs + triageMs + replyMs) / 1000.0 * MEMORY_GB;
        double lambdaRequests = 1 + 1.0 / BATCH + 1.0 / BATCH;

        // SQS: webhook send + triage's send of the action, plus receive and delete per batch on each queue.
        double sqsRequests = 1 + ((Number) triage.get("sqsRequests")).doubleValue() + 2.0 * 2 / BATCH;
        double readUnits = ((Number) triage.get("readCapacityUnits")).doubleValue()
                + ((Number) reply.get("readCapacityUnits")).doubleValue();
        double writeUnits = ((Number) triage.get("writeCapacityUnits")).doubleValue()
                + ((Number) reply.get("writeCapacityUnits")).doubleValue();

        Map<String, Object> dollars = new LinkedHashMap<>();
        dollars.put("lambdaCompute", round(gbSeconds * 1e6 * LAMBDA_PER_GB_SECOND));
        dollars.put("lambdaRequests", round(lambdaRequests * LAMBDA_PER_MILLION_REQUESTS));
        dollars.put("sqs", round(sqsRequests * SQS_FIFO_PER_MILLION_REQUESTS));
        dollars.put("dynamodbReads", round(readUnits * DYNAMODB_PER_MILLION_READ_UNITS));
        dollars.put("dynamodbWrites", round(writeUnits * DYNAMODB_PER_MILLION_WRITE_UNITS));
        dollars.put("httpApi", round(HTTP_API_PER_MILLION_REQUESTS));
        double total = dollars.values().stream().mapToDouble(v -> (double) v).sum();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("usd", round(total));
        result.put("breakdownUsd", dollars);
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("path", "new case + one acknowledgement; one mention per webhook request; batches of " + BATCH);
        basis.put("lambdaGbSecondsPerMention", round(gbSeconds));
        basis.put("lambdaMillisPerMention", Map.of("webhook", round(webhookMs), "triage", round(triageMs), "reply", round(replyMs)));
        basis.put("sqsRequestsPerMention", round(sqsRequests));
        basis.put("dynamodbReadUnitsPerMention", readUnits);
        basis.put("dynamodbWriteUnitsPerMention", writeUnits);
        basis.put("note", "durations measured on the local stack (DynamoDB Local, ElasticMQ, one machine), not on Lambda; "
                + "idle SQS polling by event source mappings and Secrets Manager/CloudWatch are not per-mention and not included");
        basis.put("prices", Map.of("lambdaPerGbSecond", LAMBDA_PER_GB_SECOND, "lambdaPerMillionRequests", LAMBDA_PER_MILLION_REQUESTS,
                "sqsFifoPerMillionRequests", SQS_FIFO_PER_MILLION_REQUESTS, "dynamodbPerMillionWriteUnits", DYNAMODB_PER_MILLION_WRITE_UNITS,
                "dynamodbPerMillionReadUnits", DYNAMODB_PER_MILLION_READ_UNITS, "httpApiPerMillionRequests", HTTP_API_PER_MILLION_REQUESTS,
                "asOf", PRICES_AS_OF));
        result.put("basis", basis);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static double meanMillis(Map<String, Object> durations, String function) {
        Object d = durations.get(function);
        return d == null ? 0 : ((Number) ((Map<String, Object>) d).get("meanMillis")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static double busyMillis(Map<String, Object> durations, String function) {
        Object d = durations.get(function);
        if (d == null) {
            return 0;
        }
        Map<String, Object> m = (Map<String, Object>) d;
        return ((Number) m.get("meanMillis")).doubleValue() * ((Number) m.get("invocations")).longValue();
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
