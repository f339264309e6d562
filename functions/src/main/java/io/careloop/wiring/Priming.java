package io.careloop.wiring;

import io.careloop.observe.Log;
import io.careloop.cases.Action;
import io.careloop.cases.ActionType;
import io.careloop.core.Author;
import io.careloop.core.Json;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.triage.Classifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart readiness: before Lambda snapshots an initialised function, load and JIT-warm the classes
 * every invocation needs — JSON mapping of mentions and actions, the classifier and its model, and the
 * DynamoDB client with one read of a key that never exists — so a restored function starts warm.
 *
 * <p>Nothing primed is carried into the snapshot as state that could go stale: no writes, no messages,
 * no cached time or random values; credentials are resolved by the default chain on first use after restore,
 * and connections opened while priming are simply re-opened by the SDK if the snapshot's ones are dead.
 */
public final class Priming implements Resource {
    /** CRaC holds resources weakly: keep them alive for the life of the execution environment. */
    private static final List<Priming> REGISTERED = new ArrayList<>();
    private static final Log LOG = Log.of(Priming.class);

    private final Services services;
    private final boolean primeTable;
    private final boolean primeClassifier;

    public Priming(Services services) {
        this(services, false);
    }

    /** Priming for the triage function: also judges a sample post, which loads the complaint model. */
    public static Priming forTriage(Services services) {
        return new Priming(services, true);
    }

    private Priming(Services services, boolean primeClassifier) {
        this.services = services;
        this.primeTable = services.settings().get("TABLE_NAME").isPresent();
        this.primeClassifier = primeClassifier;
    }

    /**
     * Registers priming for a handler's dependencies with the CRaC context (nothing happens where the JVM
     * takes no snapshots). Called by the handlers' no-arg constructors, i.e. only inside Lambda.
     */
    public static synchronized Services registered(Services services) {
        return register(new Priming(services, false));
    }

    /** As {@link #registered}, also loading the complaint model: only the triage function has its layer. */
    public static synchronized Services registeredForTriage(Services services) {
        return register(forTriage(services));
    }

    private static Services register(Priming priming) {
        Services services = priming.services;
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
        return services;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Mention sample = new Mention(Platform.X, "0", new Author("0", "priming", "Priming", 0, false),
                "@brand my widget has been broken for days, why?", Instant.EPOCH, null, null, true, false, "priming");
        Json.read(Json.write(sample), Mention.class);
        Json.read(Json.write(new Action("priming", ActionType.ACKNOWLEDGE, "c_0", Platform.X, "0", null, false,
                "careloop")), Action.class);
        if (primeClassifier) {
            Classifier.forBrand(services.brand()).judge(sample.text());
        }
        if (primeTable) {
            services.dynamo().getItem(r -> r.tableName(services.settings().require("TABLE_NAME"))
                    .key(Map.of("pk", AttributeValue.fromS("PRIMING"), "sk", AttributeValue.fromS("PRIMING"))));
        }
        if (services.settings().get("MENTION_QUEUE_URL").isPresent() || services.settings().get("ACTION_QUEUE_URL").isPresent()) {
            // Built lazily so a cold start that sends nothing does not pay for it; in the snapshot it costs nothing.
            // Building the client makes no request.
            services.sqs();
        }
        LOG.info("primed for snapshot");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo: no state captured during priming depends on time, randomness or connections.
    }
}
