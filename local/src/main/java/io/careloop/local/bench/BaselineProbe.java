package io.careloop.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start baseline: the least a Java function can do with the same event and the same SDK setup —
 * parse the event with Jackson, do one PutItem — then print {@code READY <classes loaded>}.
 *
 * <pre>java ... BaselineProbe EVENT.json</pre>
 */
public final class BaselineProbe {
    private BaselineProbe() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode event = new ObjectMapper().readTree(Files.readAllBytes(Path.of(args[0])));
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("careloop", "careloop")))
                .endpointOverride(URI.create(System.getenv("CARELOOP_DYNAMODB_ENDPOINT")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        dynamo.putItem(r -> r.tableName(System.getenv("TABLE_NAME")).item(Map.of(
                "pk", AttributeValue.fromS("BASELINE#" + event.path("requestContext").path("requestId").asText()
                        + System.nanoTime()),
                "sk", AttributeValue.fromS("BASELINE"),
                "body", AttributeValue.fromS(event.path("body").asText()))));
        System.out.println("READY " + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.out.flush();
        System.exit(0);
    }
}
