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
    private volatile Map<Platform, PlatformConnector> byPlatform;

    public Connectors(List<PlatformConnector> connectors) {
        this(() -> connectors, () -> { });
    }

    public Connectors(Supplier<List<PlatformConnector>> factory, Runnable refreshSecrets) {
        this.factory = factory;
        this.refreshSecrets = refreshSecrets;
        this.byPlatform = build();
    }

    private Map<Platform, PlatformConnector> build() {
        Map<Platform, PlatformConnector> map = new EnumMap<>(Platform.class);
        factory.get().forEach(c -> map.put(c.platform(), c));
        return map;
    }

    public Optional<PlatformConnector> forPlatform(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }

    /** Reads the credentials again and rebuilds the connectors (after a 401: the token may have been rotated). */
    public synchronized void reloadCredentials() {
        refreshSecrets.run();
        byPlatform = build();
    }
}
