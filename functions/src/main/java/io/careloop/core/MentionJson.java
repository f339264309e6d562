package io.careloop.core;

import static io.careloop.core.RecordJson.bool;
import static io.careloop.core.RecordJson.constant;
import static io.careloop.core.RecordJson.field;
import static io.careloop.core.RecordJson.instant;
import static io.careloop.core.RecordJson.number;
import static io.careloop.core.RecordJson.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A {@link Mention}'s JSON (the MentionQueue's messages, sightings, watched mentions), by hand: field for field what
 * Jackson's record mapping writes and reads ({@code RecordJsonTest} holds them equal), without the bean machinery
 * a function would otherwise build at its first message. A component added to {@link Mention} or {@link Author}
 * must be added here too; the test fails until it is.
 */
public final class MentionJson {
    private MentionJson() {
    }

    public static final class Writer extends StdSerializer<Mention> {
        public Writer() {
            super(Mention.class);
        }

        @Override
        public void serialize(Mention m, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            field(g, "platform", m.platform());
            field(g, "id", m.id());
            g.writeFieldName("author");
            writeAuthor(m.author(), g);
            field(g, "text", m.text());
            field(g, "createdAt", m.createdAt());
            field(g, "threadId", m.threadId());
            field(g, "inReplyTo", m.inReplyTo());
            g.writeBooleanField("direct", m.direct());
            g.writeBooleanField("isPrivate", m.isPrivate());
            field(g, "source", m.source());
            field(g, "change", m.change());
            field(g, "brandAccount", m.brandAccount());
            g.writeEndObject();
        }

        private static void writeAuthor(Author a, JsonGenerator g) throws IOException {
            if (a == null) {
                g.writeNull();
                return;
            }
            g.writeStartObject();
            field(g, "id", a.id());
            field(g, "handle", a.handle());
            field(g, "name", a.name());
            g.writeNumberField("followers", a.followers());
            g.writeBooleanField("verified", a.verified());
            g.writeEndObject();
        }
    }

    /** A mention from its JSON tree; what Jackson's mapping would refuse is refused with the reason. */
    public static Mention fromTree(JsonNode node) {
        JsonNode n = RecordJson.object(node, Mention.class);
        JsonNode a = n.get("author");
        Author author = a == null || a.isNull() ? null : new Author(text(a, "id"), text(a, "handle"), text(a, "name"),
                number(a, "followers"), bool(a, "verified"));
        return new Mention(constant(n, "platform", Platform.class), text(n, "id"), author, text(n, "text"),
                instant(n, "createdAt"), text(n, "threadId"), text(n, "inReplyTo"), bool(n, "direct"),
                bool(n, "isPrivate"), text(n, "source"), constant(n, "change", Mention.Change.class),
                text(n, "brandAccount"));
    }
}
