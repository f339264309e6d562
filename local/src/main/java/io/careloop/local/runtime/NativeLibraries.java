package io.careloop.local.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local stores tables with SQLite through sqlite4java, which loads a native library from the
 * folder named by {@code sqlite4java.library.path}. The build copies it beside the runtime's jars
 * ({@code local/target/lib}); this finds that folder when the property is not set.
 */
final class NativeLibraries {
    private NativeLibraries() {
    }

    static void configureSqlite() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        try {
            // The folder holding the sqlite4java jar also holds its native library (maven copy-dependencies).
            var location = Class.forName("com.almworks.sqlite4java.SQLite").getProtectionDomain().getCodeSource().getLocation();
            Path dir = Path.of(location.toURI()).getParent();
            if (dir != null && hasNativeLibrary(dir)) {
                System.setProperty("sqlite4java.library.path", dir.toString());
            }
        } catch (Exception e) {
            // leave it to sqlite4java's own search; its error names the missing library
        }
    }

    private static boolean hasNativeLibrary(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("libsqlite4java")
                    || f.getFileName().toString().startsWith("sqlite4java-win"));
        }
    }
}
