package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.localstack.Localstack;
import cloud.localstack.docker.LocalstackDockerExtension;
import cloud.localstack.docker.annotation.IEnvironmentVariableProvider;
import cloud.localstack.docker.annotation.LocalstackDockerProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same pipeline against LocalStack instead of the embedded services: the runtime sees
 * {@code AWS_ENDPOINT_URL} and starts nothing embedded. Runs only where Docker answers; reported as
 * skipped elsewhere.
 */
@EnabledIf("io.careloop.local.DockerAvailable#dockerAnswers")
@ExtendWith(LocalstackDockerExtension.class)
@LocalstackDockerProperties(services = {"dynamodb", "sqs"}, imageTag = LocalStackTierTest.IMAGE_TAG,
        environmentVariableProvider = LocalStackTierTest.AuthToken.class)
class LocalStackTierTest {
    /** Pinned so results do not drift with LocalStack releases. */
    static final String IMAGE_TAG = "3.8.1";

    /** Passes LOCALSTACK_AUTH_TOKEN through to the container when it is set. */
    public static final class AuthToken implements IEnvironmentVariableProvider {
        @Override
        public Map<String, String> getEnvironmentVariables() {
            String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
            return token == null ? Map.of() : Map.of("LOCALSTACK_AUTH_TOKEN", token);
        }
    }

    @Test
    void theLoopRunsAgainstLocalStack() {
        String endpoint = Localstack.INSTANCE.getEndpointDynamoDB();
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("CARELOOP_DYNAMODB_ENDPOINT", endpoint);
        env.put("CARELOOP_SQS_ENDPOINT", Localstack.INSTANCE.getEndpointSQS());
        try (TestStack stack = new TestStack(env)) {
            assertThat(stack.runtime.embedded()).isFalse();

            assertThat(stack.postWebhook(TestStack.mention("x", "880001", "8801", "ls_user",
                    "@AcmeHelp my widget is broken")).statusCode()).isEqualTo(202);
            stack.runtime.drain();

            assertThat(stack.postsMentioning("@ls_user")).hasSize(1);
            JsonNode cases = stack.apiJson("GET", "/cases", null).path("cases");
            assertThat(cases.findValuesAsText("handle")).contains("ls_user");
        }
    }
}
