package io.careloop.cases;

import static io.careloop.core.RecordJson.bool;
import static io.careloop.core.RecordJson.constant;
import static io.careloop.core.RecordJson.field;
import static io.careloop.core.RecordJson.instant;
import static io.careloop.core.RecordJson.text;
import static io.careloop.core.RecordJson.texts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.careloop.core.Platform;
import io.careloop.core.RecordJson;
import java.io.IOException;

/**
 * An {@link Action}'s JSON (the ActionQueue's messages, a draft's action), by hand: field for field what Jackson's
 * record mapping writes and reads ({@code RecordJsonTest} holds them equal), without the bean machinery a function
 * would otherwise build at its first message. A component added to {@link Action} must be added here too; the test
 * fails until it is.
 */
public final class ActionJson {
    private ActionJson() {
    }

    /** Has careloop's mapper write and read actions with this (the wiring calls it once, before any message). */
    public static void register() {
        io.careloop.core.Json.addRecordCodec(Action.class, new Writer(), new Reader());
    }

    public static final class Writer extends StdSerializer<Action> {
        public Writer() {
            super(Action.class);
        }

        @Override
        public void serialize(Action a, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            field(g, "key", a.key());
            field(g, "type", a.type());
            field(g, "caseId", a.caseId());
            field(g, "platform", a.platform());
            field(g, "inReplyTo", a.inReplyTo());
            field(g, "text", a.text());
            g.writeBooleanField("isPrivate", a.isPrivate());
            field(g, "actor", a.actor());
            field(g, "recipientId", a.recipientId());
            field(g, "recipientHandle", a.recipientHandle());
            field(g, "incidentId", a.incidentId());
            field(g, "category", a.category());
            field(g, provider, "dueAt", a.dueAt());
            field(g, "review", a.review());
            g.writeBooleanField("approved", a.approved());
            field(g, "team", a.team());
            g.writeEndObject();
        }
    }

    public static final class Reader extends StdDeserializer<Action> {
        public Reader() {
            super(Action.class);
        }

        @Override
        public Action deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = RecordJson.object(p, ctxt, Action.class);
            try {
                return new Action(text(p, n, "key"), constant(p, n, "type", ActionType.class), text(p, n, "caseId"),
                        constant(p, n, "platform", Platform.class), text(p, n, "inReplyTo"), text(p, n, "text"),
                        bool(n, "isPrivate"), text(p, n, "actor"), text(p, n, "recipientId"), text(p, n, "recipientHandle"),
                        text(p, n, "incidentId"), text(p, n, "category"), instant(ctxt, n, "dueAt"), texts(p, n, "review"),
                        bool(n, "approved"), text(p, n, "team"));
            } catch (IllegalArgumentException e) {
                throw RecordJson.refused(p, Action.class, e);
            }
        }
    }
}
