package io.careloop.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The brand's X API access, which decides what X lets careloop post. Since 23 February 2026 a self-serve
 * (pay-per-use) app may reply through {@code POST /2/tweets} only to a post whose author summoned the account (an
 * @mention, or a quote of its post); Enterprise apps are exempt.
 *
 * <p>{@code CARELOOP_X_TIER} ({@code pay-per-use} or {@code enterprise}) wins; otherwise the brand file's
 * {@code "x": {"tier": ...}} (how it is set in AWS); otherwise {@code pay-per-use}, the rule that never asks X for a reply
 * it would refuse.
 */
public enum XTier {
    PAY_PER_USE("pay-per-use"),
    ENTERPRISE("enterprise");

    public static final String SETTING = "CARELOOP_X_TIER";

    private final String id;

    XTier(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether X refuses this app's replies to posts that did not summon the brand. */
    public boolean repliesOnlyWhenSummoned() {
        return this == PAY_PER_USE;
    }

    public static XTier of(Settings settings, BrandConfig brand) {
        Optional<String> configured = settings.get(SETTING);
        if (configured.isPresent()) {
            return parse(configured.get(), SETTING);
        }
        return brand.xTier().map(t -> parse(t, "brand file x.tier")).orElse(PAY_PER_USE);
    }

    static XTier parse(String text, String where) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        for (XTier t : values()) {
            if (t.id.equals(v)) {
                return t;
            }
        }
        throw new IllegalStateException(where + " must be pay-per-use or enterprise, got '" + text + "'");
    }
}
