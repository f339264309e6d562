package io.careloop.local;

import java.util.concurrent.TimeUnit;

/** Whether a Docker engine answers here; tests that need one are skipped (reported as skipped) otherwise. */
final class DockerAvailable {
    private static final boolean AVAILABLE = probe();

    private DockerAvailable() {
    }

    static boolean dockerAnswers() {
        return AVAILABLE;
    }

    private static boolean probe() {
        try {
            Process p = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (Exception e) {
            return false; // no docker client at all
        }
    }
}
