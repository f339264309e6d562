package io.careloop.config;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A team's own HTTPS endpoint that takes each hand-off's case summary, signed with a secret careloop keeps
 * (brand file {@code "teams": {"Billing": {"handoff": {"url": "https://...", "secret": "handoff_billing_secret"}}}}).
 *
 * @param url        where careloop POSTs the summary: HTTPS (plain HTTP only to this machine, for a local tool)
 * @param secretName the key in careloop's secret (locally {@code CARELOOP_<NAME>}) whose value signs the payload;
 *                   the brand file names it, never holds it
 */
public record HandoffDestination(URI url, String secretName) {
    /** The secret's name when the brand file does not give one. */
    public static final String DEFAULT_SECRET = "handoff_destination_secret";
    private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9_]{1,64}");

    static HandoffDestination parse(String team, String url, String secret) {
        String where = "Brand file: teams." + team + ".handoff";
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ".url is not a URL: '" + url + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && loopback(uri.getHost()))) {
            throw new IllegalStateException(where + ".url must be an https:// URL (http:// only to localhost), not '"
                    + url + "'");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalStateException(where + ".url must not carry credentials; name a secret in handoff.secret");
        }
        String name = secret == null || secret.isBlank() ? DEFAULT_SECRET : secret.strip();
        if (!SECRET_NAME.matcher(name).matches()) {
            throw new IllegalStateException(where + ".secret names a key of careloop's secret (lower case, digits, _), "
                    + "not its value");
        }
        return new HandoffDestination(uri, name);
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }
}
