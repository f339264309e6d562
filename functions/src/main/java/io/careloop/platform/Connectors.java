package io.careloop.platform;

import io.careloop.core.Platform;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The outbound connector for each platform that has one configured. Built from the current credentials; when a
 * platform refuses them, {@link #reloadCredentials()} reads the secrets again and rebuilds.
 */
public final class Connectors {
    private final Supplier<List<PlatformConnector>> factory;
    private final Runnable refreshSecrets;
    private volatile Map<Platform, Map<String, PlatformConnector>> byPlatform;

    public Connectors(List<PlatformConnector> connectors) {
        this(() -> connectors, () -> { });
    }

    public Connectors(Supplier<List<PlatformConnector>> factory, Runnable refreshSecrets) {
        this.factory = factory;
        this.refreshSecrets = refreshSecrets;
        this.byPlatform = build();
    }

    private Map<Platform, Map<String, PlatformConnector>> build() {
        Map<Platform, Map<String, PlatformConnector>> map = new EnumMap<>(Platform.class);
        factory.get().forEach(c -> map.computeIfAbsent(c.platform(), p -> new java.util.LinkedHashMap<>())
                .putIfAbsent(c.account() == null ? "" : c.account(), c));
        return map;
    }

    /** The connector of the platform's first brand account. */
    public Optional<PlatformConnector> forPlatform(Platform platform) {
        Map<String, PlatformConnector> accounts = byPlatform.get(platform);
        return accounts == null ? Optional.empty() : accounts.values().stream().findFirst();
    }

    /**
     * The connector that posts as this brand account; the platform's first account when the account is not named.
     * A named account without credentials has no connector: careloop never answers from the wrong account.
     */
    public Optional<PlatformConnector> forAccount(Platform platform, String accountId) {
        if (accountId == null) {
            return forPlatform(platform);
        }
        Map<String, PlatformConnector> accounts = byPlatform.get(platform);
        if (accounts == null) {
            return Optional.empty();
        }
        PlatformConnector c = accounts.get(accountId);
        if (c == null && accounts.size() == 1 && accounts.containsKey("")) {
            return Optional.of(accounts.get("")); // a connector built without an account answers for all
        }
        return Optional.ofNullable(c);
    }

    /** Reads the credentials again and rebuilds the connectors (after a 401: the token may have been rotated). */
    public synchronized void reloadCredentials() {
        refreshSecrets.run();
        byPlatform = build();
    }
}
