package io.careloop.api;

import io.careloop.config.Settings;
import io.careloop.http.HttpResponse;
import io.careloop.voice.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The agents' console: a static page (HTML, one script, one stylesheet, no framework) that the CaseApi function
 * serves at {@code GET /console} and that works the cases through the agents' API on the same origin. The page
 * itself holds no data and so needs no token; {@code /console/config.json} tells it how to sign in:
 * with the issuer's hosted sign-in (Cognito's authorization-code flow with PKCE) when
 * {@code CARELOOP_CONSOLE_AUTH_DOMAIN} and {@code CARELOOP_CONSOLE_CLIENT_ID} are set, otherwise by pasting
 * the local stack's API token.
 */
public final class Console {
    private static final String ROOT = "/io/careloop/console/";
    private static final Map<String, String> FILES = Map.of(
            "", "index.html",
            "app.js", "app.js",
            "app.css", "app.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    /** How the console gets a token: a hosted OAuth sign-in, or the local stack's token typed in. */
    public record SignIn(String authDomain, String clientId) {
        public static final SignIn LOCAL_TOKEN = new SignIn(null, null);

        public static SignIn from(Settings settings) {
            var domain = settings.get("CARELOOP_CONSOLE_AUTH_DOMAIN").filter(d -> !d.isBlank());
            var client = settings.get("CARELOOP_CONSOLE_CLIENT_ID").filter(c -> !c.isBlank());
            if (domain.isPresent() != client.isPresent()) {
                throw new IllegalStateException("set both CARELOOP_CONSOLE_AUTH_DOMAIN and CARELOOP_CONSOLE_CLIENT_ID, or neither");
            }
            return domain.map(d -> new SignIn(d.replaceAll("/+$", ""), client.get())).orElse(LOCAL_TOKEN);
        }

        boolean hosted() {
            return authDomain != null;
        }
    }

    private final SignIn signIn;
    private final String contentSecurityPolicy;

    public Console(SignIn signIn) {
        this.signIn = signIn;
        // Scripts and styles only from the page's own origin; the token exchange is the one call elsewhere.
        this.contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'" + (signIn.hosted() ? " " + signIn.authDomain() : "")
                + "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    HttpResponse page(String name) {
        if (name.equals("config.json")) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("signIn", signIn.hosted() ? "oauth" : "token");
            if (signIn.hosted()) {
                config.put("authorizeUrl", signIn.authDomain() + "/oauth2/authorize");
                config.put("tokenUrl", signIn.authDomain() + "/oauth2/token");
                config.put("logoutUrl", signIn.authDomain() + "/logout");
                config.put("clientId", signIn.clientId());
                config.put("scopes", "openid profile email");
            }
            config.put("templates", new TreeSet<>(Templates.names()));
            return withHeaders(HttpResponse.json(200, config), "application/json");
        }
        String file = FILES.get(name);
        if (file == null) {
            throw new ApiException(404, "no console file " + name);
        }
        try (InputStream in = Console.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new ApiException(500, "the console is missing from the package");
            }
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return withHeaders(new HttpResponse(200, Map.of(), body), TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
        } catch (IOException e) {
            throw new ApiException(500, "the console could not be read from the package");
        }
    }

    private HttpResponse withHeaders(HttpResponse response, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("content-type", contentType);
        headers.put("content-security-policy", contentSecurityPolicy);
        headers.put("x-content-type-options", "nosniff");
        headers.put("referrer-policy", "no-referrer");
        headers.put("cache-control", "no-cache");
        return new HttpResponse(response.status(), headers, response.body());
    }
}
