package io.careloop.platform;

import io.careloop.core.Platform;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The outbound connector for each platform that has one configured. */
public final class Connectors {
    private final Map<Platform, PlatformConnector> byPlatform = new EnumMap<>(Platform.class);

    public Connectors(List<PlatformConnector> connectors) {
        connectors.forEach(c -> byPlatform.put(c.platform(), c));
    }

    public Optional<PlatformConnector> forPlatform(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }
}
