package io.careloop.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "NEW, ACKNOWLEDGED, true",
        "ACKNOWLEDGED, RESOLVED, true",
        "RESOLVED, CLOSED, true",
        "NEW, CLOSED, false",
        "CLOSED, ACKNOWLEDGED, false",
        "CLOSED, NEW, false",
        "MODERATED, ACKNOWLEDGED, false",
        "WATCHING, NEW, true",
    })
    void onlyTheDeclaredMovesAreAllowed(CaseStatus from, CaseStatus to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @Test
    void resolvedClosedAndModeratedCasesAreNotOpen() {
        assertThat(CaseStatus.RESOLVED.isOpen()).isFalse();
        assertThat(CaseStatus.CLOSED.isOpen()).isFalse();
        assertThat(CaseStatus.MODERATED.isOpen()).isFalse();
        assertThat(CaseStatus.ESCALATED.isOpen()).isTrue();
    }

    @Test
    void caseIdsAreDerivedFromTheOpeningMentionSoRedeliveriesNameTheSameCase() {
        assertThat(CaseIds.forOpeningMention("x#1")).isEqualTo(CaseIds.forOpeningMention("x#1"))
                .isNotEqualTo(CaseIds.forOpeningMention("x#2"))
                .matches("c_[0-9a-f]{16}");
    }
}
