package io.careloop.core;

import static io.careloop.core.RecordJson.bool;
import static io.careloop.core.RecordJson.constant;
import static io.careloop.core.RecordJson.field;
import static io.careloop.core.RecordJson.instant;
import static io.careloop.core.RecordJson.number;
import static io.careloop.core.RecordJson.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
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
            field(g, provider, "createdAt", m.createdAt());
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

    public static final class Reader extends StdDeserializer<Mention> {
        public Reader() {
            super(Mention.class);
        }

        @Override
        public Mention deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = RecordJson.object(p, ctxt, Mention.class);
            JsonNode a = n.get("author");
            try {
                Author author = a == null || a.isNull() ? null : new Author(text(p, a, "id"), text(p, a, "handle"),
                        text(p, a, "name"), number(a, "followers"), bool(a, "verified"));
                return new Mention(constant(p, n, "platform", Platform.class), text(p, n, "id"), author, text(p, n, "text"),
                        instant(ctxt, n, "createdAt"), text(p, n, "threadId"), text(p, n, "inReplyTo"), bool(n, "direct"),
                        bool(n, "isPrivate"), text(p, n, "source"), constant(p, n, "change", Mention.Change.class),
                        text(p, n, "brandAccount"));
            } catch (IllegalArgumentException e) {
                throw RecordJson.refused(p, Mention.class, e);
            }
        }
    }
}
