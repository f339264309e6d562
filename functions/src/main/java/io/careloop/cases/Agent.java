package io.careloop.cases;

import io.careloop.core.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A person who works cases, as routing sees them: whether they are taking cases now, the teams they work for,
 * what they can answer (languages, platforms) and how many open cases they hold at most.
 *
 * @param id             the name the agents' API knows them by (their token's name, email or subject)
 * @param available      taking new cases now; an agent who goes away hands their open cases back
 * @param teams          the teams whose cases they take
 * @param languages      ISO 639-1 codes they answer in; empty for any
 * @param platforms      platforms they answer on; empty for any
 * @param maxOpenCases   automatic routing never gives them more open cases than this
 * @param openCases      open cases they own now, kept by every step that moves a case's owner or closes it
 * @param lastAssignedAt when routing last gave them a case: round robin among equals takes the longest idle first
 */
public record Agent(String id, boolean available, List<String> teams, Set<String> languages, Set<Platform> platforms,
                    int maxOpenCases, int openCases, Instant lastAssignedAt) {

    /** An agent routing has not been told about: away, in no team, who nevertheless owns cases given by hand. */
    public static Agent unknown(String id, int openCases) {
        return new Agent(id, false, List.of(), Set.of(), Set.of(), 0, openCases, null);
    }

    public boolean inTeam(String team) {
        return team == null || teams.contains(team);
    }

    public boolean hasRoom() {
        return openCases < maxOpenCases;
    }

    /** Whether they can answer a case on this platform in this language ({@code und} or null: any agent). */
    public boolean canAnswer(Platform platform, String language) {
        boolean platformOk = platforms.isEmpty() || platform == null || platforms.contains(platform);
        boolean languageOk = languages.isEmpty() || language == null || "und".equals(language)
                || languages.contains(language.toLowerCase(Locale.ROOT));
        return platformOk && languageOk;
    }

    /** The same agent with a new profile; the cases they hold and their place in the round robin stay. */
    public Agent withProfile(boolean nowAvailable, List<String> nowTeams, Set<String> nowLanguages,
                             Set<Platform> nowPlatforms, int nowMax) {
        return new Agent(id, nowAvailable, List.copyOf(nowTeams), Set.copyOf(nowLanguages), Set.copyOf(nowPlatforms),
                nowMax, openCases, lastAssignedAt);
    }
}
