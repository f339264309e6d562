package io.careloop.api;

import io.careloop.observe.Log;
import io.careloop.observe.Metrics;
import io.careloop.voice.Guardrails;

/** Every public text an agent's request would post passes the guardrails first; a refusal is a 422, nothing queued. */
final class PublicTexts {
    private static final Log LOG = Log.of(PublicTexts.class);

    private final Guardrails guardrails;
    private final Metrics metrics;

    PublicTexts(Guardrails guardrails, Metrics metrics) {
        this.guardrails = guardrails;
        this.metrics = metrics;
    }

    Guardrails guardrails() {
        return guardrails;
    }

    /** @throws Blocked when the guardrails refuse the text; nothing is sent */
    void check(String text) {
        var violation = guardrails.check(text);
        if (violation.isPresent()) {
            LOG.info("guardrail blocked a public text", "rule", violation.get().rule());
            metrics.count(Metrics.Name.GuardrailBlocks, null);
            throw new Blocked(violation.get());
        }
    }

    /** A public text the guardrails refused. */
    static final class Blocked extends RuntimeException {
        private final Guardrails.Violation violation;

        Blocked(Guardrails.Violation violation) {
            super(violation.reason(), null, false, false);
            this.violation = violation;
        }

        Guardrails.Violation violation() {
            return violation;
        }
    }
}
