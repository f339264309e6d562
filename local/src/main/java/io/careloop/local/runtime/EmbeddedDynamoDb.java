package io.careloop.local.runtime;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local in this process, on a free loopback port, telemetry off. Keeps its data in a folder
 * (surviving restarts) or in memory.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** @param dataDir where tables persist, or null to keep everything in memory */
    public static EmbeddedDynamoDb start(Path dataDir) {
        NativeLibraries.configureSqlite();
        int port = freePort(); // DynamoDB Local refuses -port 0
        try {
            List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry", "-sharedDb"));
            if (dataDir == null) {
                args.add("-inMemory");
            } else {
                args.addAll(List.of("-dbPath", Files.createDirectories(dataDir).toString()));
            }
            // DynamoDB Local prints its configuration banner on standard output; keep stdout for careloop's own
            // output (the ready line, JSON reports) by sending the banner to standard error.
            java.io.PrintStream stdout = System.out;
            System.setOut(System.err);
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
                server.start();
                return new EmbeddedDynamoDb(server, port);
            } finally {
                System.setOut(stdout);
            }
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage(), e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping; nothing useful to do with the failure
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
