package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.local.runtime.EmbeddedDynamoDb;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Credentials from Secrets Manager, as in AWS: the stack secret plus one secret per platform account
 * ({@code <prefix><platform>/<account id>}), read through the real SDK client from moto's Secrets Manager
 * server. An account's own secret wins over the stack secret; a rotated one is picked up on the platform's 401.
 *
 * <p>Skipped where Python's moto is not installed, unless {@code CARELOOP_REQUIRE_MOTO=1} (CI sets it).
 */
class AccountSecretsTest {
    private static final String PREFIX = "careloop/test/accounts/";
    private static Process moto;
    private static String endpoint;
    private static SecretsManagerClient secrets;
    private static String stackSecretArn;
    private TestStack stack;

    @BeforeAll
    static void startSecretsManager() throws Exception {
        boolean installed = new ProcessBuilder("python3", "-c", "import moto.server").start().waitFor() == 0;
        if ("1".equals(System.getenv("CARELOOP_REQUIRE_MOTO"))) {
            assertThat(installed).as("python3 with moto (moto.server)").isTrue();
        }
        Assumptions.assumeTrue(installed, "python3 -m moto.server is not available");
        int port = EmbeddedDynamoDb.freePort();
        moto = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        endpoint = "http://127.0.0.1:" + port;
        for (int i = 0; i < 100 && !listening(port); i++) {
            Thread.sleep(100);
        }
        secrets = SecretsManagerClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("careloop", "careloop")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        stackSecretArn = secrets.createSecret(r -> r.name("careloop/test/stack").secretString(io.careloop.core.Json.write(Map.of(
                "generic_webhook_secret", TestStack.GENERIC_SECRET,
                "x_access_token", "stack-x-token",
                "mastodon_access_token", "stack-mastodon-token")))).arn();
        secrets.createSecret(r -> r.name(PREFIX + "x/1000000001").secretString("{\"access_token\":\"account-x-token\"}"));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopSecretsManager() {
        if (moto != null) {
            moto.destroy();
        }
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private void accept(String platform, String token) {
        stack.send("POST", "/sandbox/tokens", "{\"platform\":\"" + platform + "\",\"accept\":[\"" + token + "\"]}", Map.of());
    }

    @Test
    void eachAccountsOwnSecretWinsAndARotationIsPickedUpOnThe401() {
        Map<String, String> env = new java.util.HashMap<>(TestStack.withoutReview());
        env.putAll(Map.of("CARELOOP_SECRETS_ARN", stackSecretArn, "CARELOOP_ACCOUNT_SECRETS_PREFIX", PREFIX,
                "CARELOOP_SECRETSMANAGER_ENDPOINT", endpoint));
        stack = new TestStack(env);
        accept("x", "account-x-token");
        accept("mastodon", "stack-mastodon-token");
        stack.postWebhook(TestStack.mention("x", "990001", "991", "acct_one", "@AcmeHelp my order never arrived, terrible"));
        stack.postWebhook(TestStack.mention("mastodon", "990002", "992", "masto_one", "@acme the app crashes every time I open it"));
        stack.runtime.drain();
        assertThat(stack.postsMentioning("@acct_one")).as("posted with the X account's own token").hasSize(1);
        assertThat(stack.postsMentioning("@masto_one")).as("no account secret: the stack secret's token").hasSize(1);

        secrets.putSecretValue(r -> r.secretId(PREFIX + "x/1000000001").secretString("{\"access_token\":\"account-x-token-2\"}"));
        accept("x", "account-x-token-2");
        stack.postWebhook(TestStack.mention("x", "990003", "993", "acct_two", "@AcmeHelp I was charged twice this month, ridiculous"));
        stack.runtime.drain();

        assertThat(stack.postsMentioning("@acct_two")).as("the rotated token, read again on the 401").hasSize(1);
        assertThat(stack.runtime.sandbox().calls().stream().filter(c -> c.status() == 401)).hasSize(1);
    }
}
