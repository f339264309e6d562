package io.careloop.cases;

import static io.careloop.core.RecordJson.bool;
import static io.careloop.core.RecordJson.constant;
import static io.careloop.core.RecordJson.field;
import static io.careloop.core.RecordJson.instant;
import static io.careloop.core.RecordJson.text;
import static io.careloop.core.RecordJson.texts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
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
        io.careloop.core.Json.addRecordCodec(Action.class, new Writer(), ActionJson::fromTree);
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
            field(g, "dueAt", a.dueAt());
            field(g, "review", a.review());
            g.writeBooleanField("approved", a.approved());
            field(g, "team", a.team());
            g.writeEndObject();
        }
    }

    /** An action from its JSON tree; what Jackson's mapping would refuse is refused with the reason. */
    public static Action fromTree(JsonNode node) {
        JsonNode n = RecordJson.object(node, Action.class);
        return new Action(text(n, "key"), constant(n, "type", ActionType.class), text(n, "caseId"),
                constant(n, "platform", Platform.class), text(n, "inReplyTo"), text(n, "text"), bool(n, "isPrivate"),
                text(n, "actor"), text(n, "recipientId"), text(n, "recipientHandle"), text(n, "incidentId"),
                text(n, "category"), instant(n, "dueAt"), texts(n, "review"), bool(n, "approved"), text(n, "team"));
    }
}
