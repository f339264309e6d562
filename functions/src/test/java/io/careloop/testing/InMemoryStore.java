package io.careloop.testing;

import io.careloop.cases.Case;
import io.careloop.cases.CaseChange;
import io.careloop.cases.CaseOpening;
import io.careloop.cases.CasePage;
import io.careloop.cases.CaseWithTimeline;
import io.careloop.cases.ClaimOutcome;
import io.careloop.cases.ClaimResult;
import io.careloop.cases.ConcurrentUpdateException;
import io.careloop.cases.CustomerContext;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.MentionClaim;
import io.careloop.cases.OutboundState;
import io.careloop.cases.TimelineEntry;
import io.careloop.core.Mention;
import io.careloop.core.Platform;
import io.careloop.incidents.Incident;
import io.careloop.incidents.IncidentOpening;
import io.careloop.incidents.IncidentStatus;
import io.careloop.incidents.Sighting;
import io.careloop.incidents.TopicSighting;
import io.careloop.store.CaseRepository;
import io.careloop.store.DueItems;
import io.careloop.store.Incidents;
import io.careloop.store.InvalidCursorException;
import io.careloop.store.MentionClaims;
import io.careloop.store.OutboundLedger;
import io.careloop.store.PollCursors;
import io.careloop.store.PostingBudget;
import io.careloop.store.SeenMentions;
import io.careloop.store.TopicSightings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every store port in memory, with the semantics the DynamoDB adapter gives them: a mention is claimed once,
 * a case change is checked against the version read, a customer has at most one open case, the ledger's lease
 * states. For unit tests of the use cases; the adapter itself is tested against DynamoDB Local.
 */
public final class InMemoryStore implements MentionClaims, SeenMentions, CaseRepository, DueItems, TopicSightings,
        Incidents, OutboundLedger, PollCursors, PostingBudget, io.careloop.store.Drafts, io.careloop.store.WebhookHeartbeats,
        io.careloop.store.Agents, io.careloop.store.ReportRollups, io.careloop.store.SavedReplies {

    /** A claim as the store keeps it. */
    public record Claim(ClaimOutcome outcome, String caseId, Instant claimedAt, String reason) {
    }

    /** A ledger entry as the store keeps it. */
    public record Outbound(String state, Instant leaseUntil, String postId) {
    }

    private record Profile(int cases, String lastResolvedCaseId, Instant lastResolvedAt) {
    }

    private final Clock clock;
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private final Map<String, Case> cases = new LinkedHashMap<>();
    private final Map<String, List<TimelineEntry>> timelines = new HashMap<>();
    private final Map<String, String> openCaseOfCustomer = new HashMap<>();
    private final Map<String, String> caseOfThread = new HashMap<>();
    private final Map<String, Profile> profiles = new HashMap<>();
    private final Map<String, DueItem> due = new LinkedHashMap<>();
    private final Map<String, Map<String, Sighting>> sightingsByTopic = new HashMap<>();
    private final Map<String, String> activeIncidentOfTopic = new HashMap<>();
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final Map<String, Outbound> ledger = new LinkedHashMap<>();
    private final Map<String, String> cursors = new HashMap<>();
    private final Map<String, io.careloop.cases.Agent> agents = new java.util.TreeMap<>();
    private final java.util.TreeMap<java.time.LocalDate, Map<String, Long>> reportDays = new java.util.TreeMap<>();
    private final Map<String, io.careloop.cases.SavedReply> savedReplies = new java.util.TreeMap<>();
    private final Map<String, io.careloop.cases.Draft> drafts = new LinkedHashMap<>();
    private final Map<String, Integer> budgetUsed = new HashMap<>();

    public InMemoryStore(Clock clock) {
        this.clock = clock;
    }

    // ---- inspection, for assertions ---------------------------------------------------------------

    public Optional<Claim> claim(String mentionKey) {
        return Optional.ofNullable(claims.get(mentionKey));
    }

    public List<Case> allCases() {
        return List.copyOf(cases.values());
    }

    /** The case's timeline in the order it was written. */
    public List<TimelineEntry> timeline(String caseId) {
        return List.copyOf(timelines.getOrDefault(caseId, List.of()));
    }

    public Optional<Outbound> outbound(String actionKey) {
        return Optional.ofNullable(ledger.get(actionKey));
    }

    public List<DueItem> allDue() {
        return List.copyOf(due.values());
    }

    public Optional<String> openCaseOf(String customerKey) {
        return Optional.ofNullable(openCaseOfCustomer.get(customerKey));
    }

    // ---- arrangement, for tests that start from a given state -------------------------------------

    /** Stores a case as if it had been opened earlier (version 1), with the customer's and thread's pointers. */
    public synchronized Case givenOpenCase(Case c) {
        Case stored = withVersion(c, 1);
        cases.put(c.id(), stored);
        timelines.computeIfAbsent(c.id(), k -> new ArrayList<>());
        if (c.status().isOpen()) {
            openCaseOfCustomer.put(customerKey(c), c.id());
        }
        caseOfThread.put(c.platform().id() + "#" + c.threadId() + "|" + customerKey(c), c.id());
        return stored;
    }

    public synchronized void givenResolved(String customerKey, String caseId, Instant at) {
        Profile p = profiles.getOrDefault(customerKey, new Profile(0, null, null));
        profiles.put(customerKey, new Profile(p.cases(), caseId, at));
    }

    public synchronized void givenDue(DueItem item) {
        due.put(item.caseId() + "#" + item.kind(), item);
    }

    // ---- mention claims --------------------------------------------------------------------------

    @Override
    public synchronized CustomerContext customerContext(Mention mention, String topicKey) {
        Profile p = profiles.getOrDefault(mention.customerKey(), new Profile(0, null, null));
        return new CustomerContext(openCaseOfCustomer.get(mention.customerKey()), caseOfThread.get(mention.threadKey() + "|" + mention.customerKey()),
                p.cases(), p.lastResolvedCaseId(), p.lastResolvedAt(),
                topicKey == null ? null : activeIncidentOfTopic.get(topicKey));
    }

    @Override
    public synchronized ClaimResult openCase(CaseOpening opening) {
        Mention mention = opening.mention();
        Claim existing = claims.get(mention.key());
        if (existing != null && existing.outcome() != ClaimOutcome.WATCHED) {
            return duplicate(existing);
        }
        Case c = opening.newCase();
        if (cases.containsKey(c.id())) {
            throw new IllegalStateException("case " + c.id() + " exists already");
        }
        if (opening.ownsCustomer() && openCaseOfCustomer.containsKey(mention.customerKey())) {
            return new ClaimResult(ClaimResult.Outcome.CUSTOMER_HAS_CASE, null, null);
        }
        claims.put(mention.key(), new Claim(ClaimOutcome.CASE, c.id(), clock.instant(), null));
        cases.put(c.id(), withVersion(c, io.careloop.cases.CaseOpening.STORED_VERSION));
        if (opening.ownsCustomer()) {
            openCaseOfCustomer.put(mention.customerKey(), c.id());
            caseOfThread.put(mention.threadKey() + "|" + mention.customerKey(), c.id());
            Profile p = profiles.getOrDefault(mention.customerKey(), new Profile(0, null, null));
            profiles.put(mention.customerKey(), new Profile(p.cases() + 1, p.lastResolvedCaseId(), p.lastResolvedAt()));
        }
        timelines.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(opening.first());
        if (opening.firstResponseDue() != null) {
            givenDue(opening.firstResponseDue());
        }
        if (opening.sighting() != null) {
            putSighting(opening.sighting());
        }
        if (c.incidentId() != null) {
            timelines.get(c.id()).add(opening.incidentNote());
            listOnIncident(c.incidentId(), c.id());
        }
        return ClaimResult.recorded(c.id());
    }

    @Override
    public synchronized ClaimResult joinCase(String caseId, Mention mention, TimelineEntry entry, boolean hostile) {
        Claim existing = claims.get(mention.key());
        if (existing != null) {
            return duplicate(existing);
        }
        Case c = requireCase(caseId);
        Case after = mention.isPrivate() ? c : c.withReplyTo(mention.id(), mention.direct());
        if (hostile) {
            after = after.withHostileMessage();
        }
        claims.put(mention.key(), new Claim(ClaimOutcome.JOINED, caseId, clock.instant(), null));
        timelines.computeIfAbsent(caseId, k -> new ArrayList<>()).add(entry);
        cases.put(caseId, withVersion(after, c.version() + 1));
        return ClaimResult.recorded(caseId);
    }

    @Override
    public synchronized ClaimResult markAdvocate(String caseId, Mention mention, TimelineEntry entry) {
        Claim existing = claims.get(mention.key());
        if (existing != null) {
            return duplicate(existing);
        }
        Case c = requireCase(caseId);
        claims.put(mention.key(), new Claim(ClaimOutcome.ADVOCATE, caseId, clock.instant(), null));
        timelines.computeIfAbsent(caseId, k -> new ArrayList<>()).add(entry);
        cases.put(caseId, withVersion(c.asAdvocate(), c.version() + 1));
        return ClaimResult.recorded(caseId);
    }

    @Override
    public synchronized ClaimResult recordWithoutCase(Mention mention, ClaimOutcome outcome, String reason) {
        Claim existing = claims.get(mention.key());
        if (existing != null) {
            return duplicate(existing);
        }
        claims.put(mention.key(), new Claim(outcome, null, clock.instant(), reason));
        return ClaimResult.recorded(null);
    }

    @Override
    public synchronized Optional<MentionClaim> claimOf(String mentionKey) {
        return claim(mentionKey).map(c -> new MentionClaim(c.outcome(), c.caseId()));
    }

    @Override
    public synchronized Set<String> seenMentions(Collection<String> mentionKeys) {
        return mentionKeys.stream().filter(claims::containsKey).collect(Collectors.toSet());
    }

    private static ClaimResult duplicate(Claim existing) {
        return new ClaimResult(ClaimResult.Outcome.DUPLICATE, existing.caseId(), existing.claimedAt());
    }

    // ---- cases -----------------------------------------------------------------------------------

    @Override
    public synchronized Optional<Case> getCase(String caseId) {
        return Optional.ofNullable(cases.get(caseId));
    }

    @Override
    public synchronized Optional<CaseWithTimeline> getCaseWithTimeline(String caseId) {
        List<TimelineEntry> newestFirst = new ArrayList<>(timeline(caseId));
        newestFirst.sort(Comparator.comparing(TimelineEntry::at).reversed());
        boolean draftWaiting = drafts.values().stream().anyMatch(d -> caseId.equals(d.caseId())
                && d.status() == io.careloop.cases.Draft.Status.WAITING);
        return getCase(caseId).map(c -> new CaseWithTimeline(c, newestFirst, draftWaiting));
    }

    @Override
    public synchronized CasePage listCases(boolean open, Map<String, String> filters, int limit, String cursor) {
        int from;
        try {
            from = cursor == null || cursor.isBlank() ? 0 : Integer.parseInt(cursor);
        } catch (NumberFormatException e) {
            throw new InvalidCursorException();
        }
        List<Case> matching = cases.values().stream()
                .filter(c -> c.status().isOpen() == open)
                .filter(c -> filters.entrySet().stream().allMatch(f -> f.getValue().equals(attribute(c, f.getKey()))))
                .sorted(Comparator.comparing(Case::dueAt).thenComparing(Case::id))
                .toList();
        int to = Math.min(matching.size(), from + limit);
        return new CasePage(matching.subList(Math.min(from, to), to), to < matching.size() ? Integer.toString(to) : null);
    }

    private static String attribute(Case c, String name) {
        return switch (name) {
            case "status" -> c.status().name();
            case "priority" -> c.priority().name();
            case "team" -> c.team();
            case "assignee" -> c.assignee();
            case "platform" -> c.platform().id();
            case "incidentId" -> c.incidentId();
            default -> throw new IllegalArgumentException("no filter on " + name);
        };
    }

    @Override
    public synchronized void apply(CaseChange change) {
        Case current = requireCase(change.before().id());
        if (current.version() != change.before().version()) {
            throw new ConcurrentUpdateException(current.id());
        }
        String id = current.id();
        cases.put(id, withVersion(change.after(), current.version() + 1));
        timelines.computeIfAbsent(id, k -> new ArrayList<>()).addAll(change.entries());
        change.dueToSet().forEach(this::givenDue);
        for (DueKind kind : change.dueToClear()) {
            if (change.dueToSet().stream().noneMatch(d -> d.kind() == kind)) {
                due.remove(id + "#" + kind);
            }
        }
        change.ownerLoad().forEach(this::moveLoad);
        String customer = customerKey(current);
        if (change.resolution()) {
            Profile p = profiles.getOrDefault(customer, new Profile(0, null, null));
            Instant at = change.after().resolvedAt() == null ? clock.instant() : change.after().resolvedAt();
            profiles.put(customer, new Profile(p.cases(), id, at));
        }
        if (change.releaseCustomer()) {
            openCaseOfCustomer.remove(customer, id);
        }
    }

    // ---- due items -------------------------------------------------------------------------------

    @Override
    public synchronized List<DueItem> findDue(Instant now, int limit) {
        return due.values().stream().filter(d -> !d.dueAt().isAfter(now))
                .sorted(Comparator.comparing(DueItem::dueAt)).limit(limit).toList();
    }

    @Override
    public synchronized List<DueItem> findDueBetween(Instant after, Instant until, int limit) {
        return due.values().stream().filter(d -> d.dueAt().isAfter(after) && !d.dueAt().isAfter(until))
                .sorted(Comparator.comparing(DueItem::dueAt)).limit(limit).toList();
    }

    @Override
    public synchronized boolean clearDue(DueItem item) {
        String key = item.caseId() + "#" + item.kind();
        DueItem current = due.get(key);
        if (current == null || !current.dueAt().equals(item.dueAt())) {
            return false;
        }
        due.remove(key);
        return true;
    }

    // ---- sightings and incidents -----------------------------------------------------------------

    @Override
    public synchronized List<Sighting> recordSighting(TopicSighting sighting) {
        putSighting(sighting);
        return sightings(sighting.topicKey(), sighting.sighting().at().minus(sighting.window()));
    }

    private void putSighting(TopicSighting sighting) {
        sightingsByTopic.computeIfAbsent(sighting.topicKey(), k -> new LinkedHashMap<>())
                .put(sighting.sighting().authorKey(), sighting.sighting());
    }

    @Override
    public synchronized List<Sighting> sightings(String topicKey, Instant since) {
        return sightingsByTopic.getOrDefault(topicKey, Map.of()).values().stream()
                .filter(s -> !s.at().isBefore(since)).toList();
    }

    @Override
    public synchronized IncidentOpening openIncident(String topicKey, Platform platform, String topic, Instant at) {
        String active = activeIncidentOfTopic.get(topicKey);
        if (active != null) {
            return new IncidentOpening(active, false);
        }
        String id = "i_" + (incidents.size() + 1);
        incidents.put(id, new Incident(id, platform, topic, IncidentStatus.OPEN, at, List.of()));
        activeIncidentOfTopic.put(topicKey, id);
        return new IncidentOpening(id, true);
    }

    @Override
    public synchronized void linkToIncident(Case before, String incidentId, TimelineEntry entry) {
        apply(CaseChange.of(before, before.withIncident(incidentId), entry));
        listOnIncident(incidentId, before.id());
    }

    private void listOnIncident(String incidentId, String caseId) {
        Incident i = incidents.get(incidentId);
        List<String> linked = new ArrayList<>(i.caseIds());
        if (!linked.contains(caseId)) {
            linked.add(caseId);
        }
        incidents.put(incidentId, new Incident(i.id(), i.platform(), i.topic(), i.status(), i.openedAt(), linked));
    }

    @Override
    public synchronized boolean resolveIncident(Incident incident, Instant at) {
        Incident current = incidents.get(incident.id());
        if (current == null || current.status() != IncidentStatus.OPEN) {
            return false;
        }
        incidents.put(current.id(), new Incident(current.id(), current.platform(), current.topic(), IncidentStatus.RESOLVED,
                current.openedAt(), current.caseIds()));
        activeIncidentOfTopic.remove(incident.topicKey());
        return true;
    }

    @Override
    public synchronized List<Incident> listIncidents() {
        List<Incident> open = new ArrayList<>(incidents.values().stream()
                .filter(i -> i.status() == IncidentStatus.OPEN).toList());
        open.sort(Comparator.comparing(Incident::openedAt).reversed());
        return open;
    }

    @Override
    public synchronized Optional<Incident> getIncident(String incidentId) {
        return Optional.ofNullable(incidents.get(incidentId));
    }

    // ---- outbound ledger -------------------------------------------------------------------------

    @Override
    public synchronized OutboundState beginOutbound(String actionKey, Instant now, Duration lease) {
        Outbound current = ledger.get(actionKey);
        if (current == null || current.state().equals("ABANDONED")) {
            ledger.put(actionKey, new Outbound("IN_PROGRESS", now.plus(lease), null));
            return OutboundState.ACQUIRED;
        }
        return switch (current.state()) {
            case "POSTED" -> OutboundState.POSTED;
            case "UNCERTAIN" -> OutboundState.UNCERTAIN;
            default -> current.leaseUntil().isAfter(now) ? OutboundState.BUSY : OutboundState.UNCERTAIN;
        };
    }

    @Override
    public synchronized boolean retakeOutbound(String actionKey, Instant now, Duration lease) {
        Outbound current = ledger.get(actionKey);
        if (current != null && (current.state().equals("UNCERTAIN")
                || (current.state().equals("IN_PROGRESS") && current.leaseUntil().isBefore(now)))) {
            ledger.put(actionKey, new Outbound("IN_PROGRESS", now.plus(lease), null));
            return true;
        }
        return false;
    }

    @Override
    public synchronized void abandonOutbound(String actionKey) {
        Outbound current = ledger.get(actionKey);
        if (current == null || !current.state().equals("IN_PROGRESS")) {
            throw new IllegalStateException("only a lease in progress can be abandoned: " + actionKey);
        }
        ledger.put(actionKey, new Outbound("ABANDONED", current.leaseUntil(), null));
    }

    @Override
    public synchronized void completeOutbound(String actionKey, String platformPostId, Instant at, CaseChange change) {
        if (change != null) {
            apply(change);
        }
        Outbound current = ledger.get(actionKey);
        ledger.put(actionKey, new Outbound("POSTED", current == null ? null : current.leaseUntil(), platformPostId));
    }

    @Override
    public synchronized void markOutboundUncertain(String actionKey, Instant at) {
        Outbound current = ledger.get(actionKey);
        if (current != null && current.state().equals("POSTED")) {
            throw new IllegalStateException("a posted message is never uncertain: " + actionKey);
        }
        ledger.put(actionKey, new Outbound("UNCERTAIN", current == null ? null : current.leaseUntil(), null));
    }

    // ---- poll cursors and posting budget ---------------------------------------------------------

    @Override
    public synchronized Optional<String> cursor(String source) {
        return Optional.ofNullable(cursors.get(source));
    }

    @Override
    public synchronized void saveCursor(String source, String value) {
        cursors.put(source, value);
    }

    private final Map<String, Instant> heartbeats = new HashMap<>();

    /** As the adapter: a later delivery only ever moves the heartbeat forward. */
    @Override
    public synchronized void heard(io.careloop.core.Platform platform, String account, Instant at) {
        heartbeats.merge(platform.id() + "#" + account, at, (old, now) -> now.isAfter(old) ? now : old);
    }

    @Override
    public synchronized Optional<Instant> lastHeard(io.careloop.core.Platform platform, String account) {
        return Optional.ofNullable(heartbeats.get(platform.id() + "#" + account));
    }

    @Override
    public synchronized Optional<Instant> take(String bucket, Limit limit, Instant now) {
        long window = limit.window().toMillis();
        long start = now.toEpochMilli() / window * window;
        String key = bucket + "#" + start;
        int used = budgetUsed.getOrDefault(key, 0);
        if (used >= limit.calls()) {
            return Optional.of(Instant.ofEpochMilli(start + window));
        }
        budgetUsed.put(key, used + 1);
        return Optional.empty();
    }

    // ---- drafts ----------------------------------------------------------------------------------

    /** Every draft, waiting or decided, in the order saved. */
    public synchronized List<io.careloop.cases.Draft> allDrafts() {
        return List.copyOf(drafts.values());
    }

    @Override
    public synchronized boolean saveDraft(io.careloop.cases.Draft draft, CaseChange change) {
        if (change != null) {
            Case current = requireCase(change.before().id());
            if (current.version() != change.before().version()) {
                throw new ConcurrentUpdateException(current.id());
            }
        }
        String key = draft.caseId() + "|" + draft.action().key();
        if (drafts.containsKey(key)) {
            return false;
        }
        if (change != null) {
            apply(change);
        }
        // Through JSON, as the table stores it: an action that does not survive the trip fails here too.
        io.careloop.cases.Action action = io.careloop.core.Json.read(io.careloop.core.Json.write(draft.action()),
                io.careloop.cases.Action.class);
        drafts.put(key, new io.careloop.cases.Draft(action, draft.kind(), draft.caseId(), draft.team(), draft.account(),
                draft.text(), draft.reasons(), draft.guardrails(), draft.deadline(), draft.createdAt(), draft.status(),
                draft.decidedBy(), draft.decidedAt(), draft.note()));
        return true;
    }

    @Override
    public synchronized Optional<io.careloop.cases.Draft> getDraft(String caseId, String actionKey) {
        return Optional.ofNullable(drafts.get((caseId == null || caseId.isEmpty() ? null : caseId) + "|" + actionKey));
    }

    @Override
    public synchronized List<io.careloop.cases.Draft> waitingDrafts(Map<String, String> filters, int limit) {
        return drafts.values().stream()
                .filter(d -> d.status() == io.careloop.cases.Draft.Status.WAITING)
                .filter(d -> filters.entrySet().stream().allMatch(f -> f.getValue().equals(switch (f.getKey()) {
                    case "team" -> d.team();
                    case "platform" -> d.action().platform().id();
                    case "kind" -> d.kind();
                    case "caseId" -> d.caseId();
                    default -> throw new IllegalArgumentException("no filter on " + f.getKey());
                })))
                .sorted(Comparator.comparing(io.careloop.cases.Draft::deadline, Comparator.nullsLast(Comparator.naturalOrder())))
                .limit(limit).toList();
    }

    @Override
    public synchronized boolean decideDraft(io.careloop.cases.Draft decided, CaseChange change) {
        if (change != null) {
            Case current = requireCase(change.before().id());
            if (current.version() != change.before().version()) {
                throw new ConcurrentUpdateException(current.id());
            }
        }
        String key = decided.caseId() + "|" + decided.action().key();
        io.careloop.cases.Draft stored = drafts.get(key);
        if (stored == null || stored.status() != io.careloop.cases.Draft.Status.WAITING) {
            return false;
        }
        if (change != null) {
            apply(change);
        }
        drafts.put(key, decided);
        if (decided.status() == io.careloop.cases.Draft.Status.REJECTED) { // never posted, whatever comes later
            ledger.put(decided.action().key(), new Outbound("POSTED", null, "not-sent"));
        }
        return true;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Case requireCase(String caseId) {
        return Objects.requireNonNull(cases.get(caseId), () -> "no case " + caseId);
    }

    private static String customerKey(Case c) {
        return c.platform().id() + "#" + c.customer().id();
    }

    private static Case withVersion(Case c, long version) {
        return c.withVersion(version);
    }

    private static Case replyTo(Case c, String postId) {
        return c.withReplyTo(postId);
    }

    // ---- agents --------------------------------------------------------------------------------

    private void moveLoad(String agentId, int delta) {
        io.careloop.cases.Agent a = agents.getOrDefault(agentId, io.careloop.cases.Agent.unknown(agentId, 0));
        agents.put(agentId, new io.careloop.cases.Agent(a.id(), a.available(), a.teams(), a.languages(), a.platforms(),
                a.maxOpenCases(), Math.max(0, a.openCases() + delta), a.lastAssignedAt()));
    }

    @Override
    public synchronized List<io.careloop.cases.Agent> roster() {
        return List.copyOf(agents.values());
    }

    @Override
    public synchronized Optional<io.careloop.cases.Agent> agent(String agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    @Override
    public synchronized void saveProfile(io.careloop.cases.Agent agent) {
        io.careloop.cases.Agent stored = agents.get(agent.id());
        agents.put(agent.id(), stored == null ? agent : stored.withProfile(agent.available(), agent.teams(),
                agent.languages(), agent.platforms(), agent.maxOpenCases()));
    }

    @Override
    public synchronized boolean assignWithinCap(CaseChange change, String agentId, String team, Instant at) {
        Case current = requireCase(change.before().id());
        if (current.version() != change.before().version()) {
            throw new ConcurrentUpdateException(current.id());
        }
        io.careloop.cases.Agent a = agents.get(agentId);
        if (a == null || !a.available() || !a.inTeam(team) || !a.hasRoom()) {
            return false;
        }
        apply(change);
        io.careloop.cases.Agent counted = agents.get(agentId);
        agents.put(agentId, new io.careloop.cases.Agent(counted.id(), counted.available(), counted.teams(),
                counted.languages(), counted.platforms(), counted.maxOpenCases(), counted.openCases(), at));
        return true;
    }

    // ---- report rollups ------------------------------------------------------------------------

    @Override
    public synchronized void add(java.time.LocalDate day, Map<String, Long> increments) {
        Map<String, Long> counters = reportDays.computeIfAbsent(day, d -> new HashMap<>());
        increments.forEach((k, v) -> counters.merge(k, v, Long::sum));
    }

    @Override
    public synchronized List<Day> days(java.time.LocalDate from, java.time.LocalDate to) {
        return reportDays.subMap(from, true, to, true).entrySet().stream()
                .map(e -> new Day(e.getKey(), Map.copyOf(e.getValue()))).toList();
    }

    // ---- saved replies -------------------------------------------------------------------------

    @Override
    public synchronized List<io.careloop.cases.SavedReply> savedReplies(String team) {
        return savedReplies.values().stream().filter(r -> r.team().equals(team)).toList();
    }

    @Override
    public synchronized Optional<io.careloop.cases.SavedReply> savedReply(String team, String id) {
        return Optional.ofNullable(savedReplies.get(team + "|" + id));
    }

    @Override
    public synchronized void saveReply(io.careloop.cases.SavedReply reply) {
        savedReplies.put(reply.team() + "|" + reply.id(), reply);
    }

    @Override
    public synchronized boolean deleteReply(String team, String id) {
        return savedReplies.remove(team + "|" + id) != null;
    }
}
