package io.careloop.core;

/**
 * Who wrote a mention, as the platform describes them.
 *
 * @param followers the author's audience where the platform reports it, else 0
 */
public record Author(String id, String handle, String name, long followers, boolean verified) {
    /**
     * The id of an author a platform's delivery did not name (a Facebook Page {@code mention} has no {@code from}):
     * triage reads who it was from the platform before deciding anything. No platform id looks like it.
     */
    public static final String UNKNOWN_ID = "unknown-author";

    /** An author still to be read from the platform. */
    public static Author unknownYet() {
        return new Author(UNKNOWN_ID, null, null, 0, false);
    }

    /** Whether this author is still to be read from the platform (see {@link #UNKNOWN_ID}). */
    public boolean unknown() {
        return UNKNOWN_ID.equals(id);
    }

    public Author {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("author id is required");
        }
        handle = Texts.clean(handle == null || handle.isBlank() ? id : handle);
        name = name == null ? handle : Texts.clean(name);
    }
}
