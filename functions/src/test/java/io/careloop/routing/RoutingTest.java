package io.careloop.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.cases.Agent;
import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseStatus;
import io.careloop.cases.Priority;
import io.careloop.cases.TimelineEntry;
import io.careloop.cases.TimelineKind;
import io.careloop.core.Author;
import io.careloop.core.Platform;
import io.careloop.cases.CasePage;
import io.careloop.cases.CaseWithTimeline;
import io.careloop.events.CareEvent;
import io.careloop.store.CaseRepository;
import io.careloop.testing.Brands;
import io.careloop.testing.InMemoryStore;
import io.careloop.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RoutingTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryStore store = new InMemoryStore(clock);
    private final List<CareEvent> events = new ArrayList<>();
    private final Routing routing = new Routing(store, store, events::add, Brands.merged(
            "{\"teams\": {\"Logistics\": {\"routing\": \"round-robin\"}, \"Billing\": {\"routing\": \"manual\"}}}"), clock);

    private void agent(String id, boolean available, int max, String... teams) {
        store.saveProfile(new Agent(id, available, List.of(teams), Set.of(), Set.of(), max, 0, null));
    }

    private Case openCase(String id, String team, Priority priority) {
        return store.givenOpenCase(new Case(id, CaseStatus.NEW, priority, Platform.X,
                new Author("c-" + id, "cust_" + id, "Customer " + id, 10, false), "t-" + id, "m-" + id, "broken",
                null, team, "widget", NOW, NOW.plus(Duration.ofHours(1)), null, null, false, null, false, 0, 0));
    }

    private int load(String agentId) {
        return store.agent(agentId).orElseThrow().openCases();
    }

    @Test
    void aNewCaseGoesToTheLeastLoadedAvailableAgentOfItsTeam() {
        agent("ana", true, 5, "Care");
        agent("bo", true, 5, "Care");
        agent("cy", false, 5, "Care");
        agent("dee", true, 5, "Billing");
        routing.route(openCase("c1", "Care", Priority.P3).id(), "en");
        clock.advance(Duration.ofMinutes(1));

        String second = routing.route(openCase("c2", "Care", Priority.P3).id(), "en").orElseThrow();

        assertThat(store.getCase("c1").orElseThrow().assignee()).isEqualTo("ana"); // equal load: first by name
        assertThat(second).isEqualTo("bo");
        assertThat(load("ana")).isEqualTo(1);
        assertThat(load("bo")).isEqualTo(1);
        assertThat(load("cy")).isZero();
        assertThat(store.timeline("c2")).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(TimelineKind.ASSIGN);
            assertThat(e.note()).contains("assigned to bo", "least loaded in Care", "0 of 5");
        });
        assertThat(events).extracting(CareEvent::type).containsOnly(CareEvent.Type.CASE_ASSIGNED);
    }

    @Test
    void equalsTakeTurnsAndTheLessLoadedComesFirst() {
        agent("ana", true, 5, "Care");
        agent("bo", true, 5, "Care");
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            owners.add(routing.route(openCase("c" + i, "Care", Priority.P3).id(), "en").orElseThrow());
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(owners).containsExactly("ana", "bo", "ana", "bo");
    }

    @Test
    void roundRobinTeamsIgnoreLoadAndTakeTheLongestIdle() {
        agent("ana", true, 5, "Logistics");
        agent("bo", true, 5, "Logistics");
        Case heavy = openCase("h", "Logistics", Priority.P3);
        // ana holds an extra case given by hand long ago; round robin still alternates
        store.apply(CaseChange.of(heavy, heavy.withAssignee("ana"), new TimelineEntry(NOW, TimelineKind.ASSIGN, "lead",
                null, false, null, "by hand")));
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            owners.add(routing.route(openCase("c" + i, "Logistics", Priority.P3).id(), "en").orElseThrow());
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(owners).containsExactly("ana", "bo", "ana");
        assertThat(load("ana")).isEqualTo(3);
    }

    @Test
    void noAgentIsGivenMoreThanTheirCap() {
        agent("ana", true, 2, "Care");
        for (int i = 0; i < 3; i++) {
            routing.route(openCase("c" + i, "Care", Priority.P3).id(), "en");
        }
        assertThat(load("ana")).isEqualTo(2);
        assertThat(store.getCase("c2").orElseThrow().assignee()).isNull();
    }

    @Test
    void skillsDecideWhoCanAnswer() {
        store.saveProfile(new Agent("ana", true, List.of("Care"), Set.of("en"), Set.of(), 5, 0, null));
        store.saveProfile(new Agent("bo", true, List.of("Care"), Set.of("es"), Set.of(Platform.X), 5, 1, null));

        assertThat(routing.route(openCase("c1", "Care", Priority.P3).id(), "es")).contains("bo");
        assertThat(routing.route(openCase("c2", "Care", Priority.P3).id(), "fr")).isEmpty();
    }

    @Test
    void aP1NobodyCanTakeIsRaisedAtOnceAndWaitsInTheQueue() {
        agent("ana", false, 5, "Care");
        assertThat(routing.route(openCase("p1", "Care", Priority.P1).id(), "en")).isEmpty();
        assertThat(routing.route(openCase("p3", "Care", Priority.P3).id(), "en")).isEmpty();

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(CareEvent.Type.CASE_UNROUTABLE);
            assertThat(e.subject()).isEqualTo("p1");
            assertThat(e.detail()).containsEntry("priority", "P1").containsEntry("team", "Care");
        });
    }

    @Test
    void manualTeamsAreNotRoutedNorAlerted() {
        agent("ana", true, 5, "Billing");
        assertThat(routing.route(openCase("b1", "Billing", Priority.P1).id(), "en")).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void aCaseSomeoneOwnsIsNeverRoutedAgain() {
        agent("ana", true, 5, "Care");
        Case c = openCase("c1", "Care", Priority.P3);
        store.apply(CaseChange.of(c, c.withAssignee("bo"), new TimelineEntry(NOW, TimelineKind.ASSIGN, "bo", null,
                false, null, "first to reply")));
        assertThat(routing.route("c1", "en")).isEmpty();
        assertThat(store.getCase("c1").orElseThrow().assignee()).isEqualTo("bo");
    }

    @Test
    void anAgentWhoGoesAwayHandsTheirCasesToTheTeamOrBackToItsQueue() {
        agent("ana", true, 5, "Care");
        routing.route(openCase("c1", "Care", Priority.P3).id(), "en");
        routing.route(openCase("c2", "Care", Priority.P1).id(), "en");
        agent("bo", true, 1, "Care");
        agent("ana", false, 5, "Care");
        events.clear();

        Routing.Handback back = routing.handBack("ana");

        assertThat(back.reassigned()).isEqualTo(1);
        assertThat(back.unassigned()).isEqualTo(1);
        assertThat(load("ana")).isZero();
        assertThat(load("bo")).isEqualTo(1);
        List<String> owners = List.of(store.getCase("c1").orElseThrow().assignee() == null ? "-" : store.getCase("c1").orElseThrow().assignee(),
                store.getCase("c2").orElseThrow().assignee() == null ? "-" : store.getCase("c2").orElseThrow().assignee());
        assertThat(owners).containsExactlyInAnyOrder("bo", "-");
        assertThat(events).extracting(CareEvent::type).contains(CareEvent.Type.AGENT_AWAY);
        String waiting = store.getCase("c1").orElseThrow().assignee() == null ? "c1" : "c2";
        assertThat(events).filteredOn(e -> e.type() == CareEvent.Type.CASE_UNASSIGNED).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(waiting);
            assertThat(e.detail()).containsEntry("from", "ana").containsEntry("team", "Care");
        });
    }

    @Test
    void anAgentWhoComesBackTakesTheTeamsWaitingCasesUpToTheirCap() {
        agent("ana", false, 2, "Care");
        openCase("w1", "Care", Priority.P3);
        openCase("w2", "Care", Priority.P3);
        openCase("w3", "Care", Priority.P3);
        openCase("o1", "Logistics", Priority.P3);
        agent("ana", true, 2, "Care");

        assertThat(routing.takeWaiting("ana")).isEqualTo(2);
        assertThat(load("ana")).isEqualTo(2);
        assertThat(store.getCase("o1").orElseThrow().assignee()).isNull();
    }

    @Test
    void resolvingACaseFreesTheOwnersSlot() {
        agent("ana", true, 1, "Care");
        Case c = store.getCase(openCase("c1", "Care", Priority.P3).id()).orElseThrow();
        routing.route(c.id(), "en");
        Case owned = store.getCase("c1").orElseThrow();
        store.apply(CaseChange.of(owned, owned.resolvedAt(NOW), new TimelineEntry(NOW, TimelineKind.STATUS, "ana", "done",
                true, null, "resolved")));

        assertThat(load("ana")).isZero();
        assertThat(routing.route(openCase("c2", "Care", Priority.P3).id(), "en")).contains("ana");
    }

    @Test
    void twoRoutersAtOnceNeverPassTheCap() throws Exception {
        agent("ana", true, 3, "Care");
        agent("bo", true, 2, "Care");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(openCase("c" + i, "Care", Priority.P3).id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int worker = 0; worker < 2; worker++) {
            int w = worker;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = w; i < ids.size(); i += 2) {
                    routing.route(ids.get(i), "en");
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        long assigned = store.allCases().stream().filter(c -> c.assignee() != null).count();
        assertThat(load("ana")).isEqualTo(3);
        assertThat(load("bo")).isEqualTo(2);
        assertThat(assigned).isEqualTo(5);
    }

    /** The store's cases, counting reads of one case. */
    private final class CountedReads implements CaseRepository {
        int reads;

        @Override
        public Optional<Case> getCase(String caseId) {
            reads++;
            return store.getCase(caseId);
        }

        @Override
        public Optional<CaseWithTimeline> getCaseWithTimeline(String caseId) {
            reads++;
            return store.getCaseWithTimeline(caseId);
        }

        @Override
        public CasePage listCases(boolean open, Map<String, String> filters, int limit, String cursor) {
            return store.listCases(open, filters, limit, cursor);
        }

        @Override
        public void apply(CaseChange change) {
            store.apply(change);
        }
    }

    @Test
    void aCaseJustOpenedIsRoutedWithoutReadingItBack() {
        agent("ana", true, 5, "Care");
        CountedReads cases = new CountedReads();
        Routing counted = new Routing(store, cases, events::add, Brands.merged("{}"), clock);
        Case opened = openCase("c1", "Care", Priority.P3);

        assertThat(counted.caseOpened(opened, "en", "complaint")).contains("ana");

        assertThat(cases.reads).isZero();
        assertThat(store.getCase("c1").orElseThrow().assignee()).isEqualTo("ana");
        assertThat(load("ana")).isEqualTo(1);
    }

    @Test
    void aCaseChangedSinceItsOpeningIsReadAgainAndAPersonsAssignmentStands() {
        agent("ana", true, 5, "Care");
        CountedReads cases = new CountedReads();
        Routing counted = new Routing(store, cases, events::add, Brands.merged("{}"), clock);
        Case opened = openCase("c1", "Care", Priority.P3);
        store.apply(CaseChange.of(opened, opened.withAssignee("bo"), new TimelineEntry(NOW, TimelineKind.ASSIGN, "lead",
                null, false, null, "assigned to bo")));

        assertThat(counted.caseOpened(opened, "en", "complaint")).isEmpty();

        assertThat(cases.reads).isEqualTo(1);
        assertThat(store.getCase("c1").orElseThrow().assignee()).isEqualTo("bo");
        assertThat(load("ana")).isZero();
    }
}
