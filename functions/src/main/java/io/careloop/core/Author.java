package io.careloop.core;

/**
 * Who wrote a mention, as the platform describes them.
 *
 * @param followers the author's audience where the platform reports it, else 0
 */
public record Author(String id, String handle, String name, long followers, boolean verified) {
    public Author {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("author id is required");
        }
        handle = Texts.clean(handle == null || handle.isBlank() ? id : handle);
        name = name == null ? handle : Texts.clean(name);
    }
}
