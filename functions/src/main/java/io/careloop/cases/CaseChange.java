package io.careloop.cases;

import io.careloop.cases.Case;
import io.careloop.cases.DueItem;
import io.careloop.cases.DueKind;
import io.careloop.cases.TimelineEntry;
import java.util.List;

/**
 * Everything one step of the case process changes, written in one transaction: the case itself
 * (checked against the version that was read), timeline entries, and the due items to set or clear.
 *
 * @param before          the case as read; its version is the optimistic lock
 * @param after           the case as it should be stored (its version is ignored: the store increments it)
 * @param releaseCustomer the customer's next mention should open a new case rather than join this one
 * @param resolution      record this case as the customer's latest resolved case (praise that follows it
 *                        marks them an advocate)
 */
public record CaseChange(
        Case before,
        Case after,
        List<TimelineEntry> entries,
        List<DueItem> dueToSet,
        List<DueKind> dueToClear,
        boolean releaseCustomer,
        boolean resolution) {

    public static CaseChange of(Case before, Case after, TimelineEntry entry) {
        return new CaseChange(before, after, List.of(entry), List.of(), List.of(), false, false);
    }

    public CaseChange settingDue(DueItem... items) {
        return new CaseChange(before, after, entries, concat(dueToSet, List.of(items)), dueToClear, releaseCustomer,
                resolution);
    }

    public CaseChange clearingDue(DueKind... kinds) {
        return new CaseChange(before, after, entries, dueToSet, concat(dueToClear, List.of(kinds)), releaseCustomer,
                resolution);
    }

    public CaseChange releasingCustomer() {
        return new CaseChange(before, after, entries, dueToSet, dueToClear, true, resolution);
    }

    public CaseChange recordingResolution() {
        return new CaseChange(before, after, entries, dueToSet, dueToClear, releaseCustomer, true);
    }

    /**
     * Whose count of open cases this step moves: -1 for an owner who loses an open case (reassigned, resolved,
     * closed, moderated), +1 for one who gains it. Empty when neither the owner nor the case's openness changes.
     */
    public java.util.Map<String, Integer> ownerLoad() {
        java.util.Map<String, Integer> load = new java.util.LinkedHashMap<>();
        String from = before.status().isOpen() ? before.assignee() : null;
        String to = after.status().isOpen() ? after.assignee() : null;
        if (java.util.Objects.equals(from, to)) {
            return load;
        }
        if (from != null) {
            load.put(from, -1);
        }
        if (to != null) {
            load.put(to, 1);
        }
        return load;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
