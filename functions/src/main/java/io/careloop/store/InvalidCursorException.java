package io.careloop.store;

/** A page cursor that the store did not hand out. */
public final class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException() {
        super("cursor is not one this API returned");
    }
}
