package io.careloop.api;

/** A request the agents' API refuses, with the status and the reason the caller sees. */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }
}
