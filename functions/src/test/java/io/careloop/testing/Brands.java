package io.careloop.testing;

import io.careloop.config.BrandConfig;
import io.careloop.config.Settings;
import java.util.Map;

/** The brand careloop ships with (Acme), as tests use it. */
public final class Brands {
    private Brands() {
    }

    public static BrandConfig acme() {
        return BrandConfig.load(new Settings(Map.of()));
    }
}
