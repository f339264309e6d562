package io.careloop.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A small rule-based reading of a mention: cue words for complaints, questions, praise, spam, abuse and
 * urgency. Fast and explainable; every cue that fires is named in the judgement's reasons.
 */
public final class Classifier {
    private static final Pattern COMPLAINT = words("broken", "broke", "not working", "doesn't work", "does not work",
            "never arrived", "still waiting", "refund", "worst", "terrible", "awful", "disgusting", "useless",
            "cancelled", "canceled", "late", "delayed", "missing", "wrong", "charged", "overcharged", "rude",
            "down", "outage", "crash", "crashes", "crashing", "lost", "damaged", "error", "failed", "fails", "unacceptable", "disappointed",
            "no one", "nobody", "ignored", "hours", "days", "again", "issue", "problem");
    private static final Pattern PRAISE = words("thank", "thanks", "love", "great", "awesome", "amazing",
            "excellent", "brilliant", "fantastic", "best", "happy", "perfect");
    private static final Pattern SPAM = words("free followers", "click here", "crypto", "giveaway", "dm me for",
            "promo code", "earn money", "bit.ly", "onlyfans", "work from home");
    private static final Pattern ABUSE = words("idiot", "idiots", "stupid", "moron", "morons", "scum", "shut up",
            "kill yourself", "die");
    private static final Pattern URGENT = words("fire", "smoke", "burn", "injured", "injury", "unsafe", "danger",
            "lawyer", "lawsuit", "sue", "legal action", "outage", "down for everyone", "cancel my", "cancelling",
            "canceling", "close my account");
    private static final Pattern QUESTION = Pattern.compile("\\?|\\b(how|why|when|where|what|can you|could you|is there)\\b");

    private static Pattern words(String... cues) {
        return Pattern.compile("\\b(" + String.join("|", cues).replace(".", "\\.") + ")\\b");
    }

    public Judgement judge(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> reasons = new ArrayList<>();
        int complaintCues = count(COMPLAINT, lower, "complaint", reasons);
        int praiseCues = count(PRAISE, lower, "praise", reasons);
        boolean spam = count(SPAM, lower, "spam", reasons) > 0;
        boolean abuse = count(ABUSE, lower, "abuse", reasons) > 0;
        boolean urgent = count(URGENT, lower, "urgent", reasons) > 0;
        boolean question = QUESTION.matcher(lower).find();
        if (question) {
            reasons.add("question: asks something");
        }
        double sentiment = Math.max(-1, Math.min(1, (praiseCues - complaintCues - (abuse ? 2 : 0)) / 3.0));
        Intent intent;
        if (spam) {
            intent = Intent.SPAM;
        } else if (abuse && complaintCues == 0) {
            intent = Intent.ABUSE;
        } else if (complaintCues > praiseCues) {
            intent = Intent.COMPLAINT;
        } else if (question) {
            intent = Intent.QUESTION;
        } else if (praiseCues > 0) {
            intent = Intent.PRAISE;
        } else {
            intent = Intent.OTHER;
        }
        return new Judgement(intent, intent == Intent.COMPLAINT, sentiment, urgent, List.copyOf(reasons));
    }

    private static int count(Pattern cues, String text, String label, List<String> reasons) {
        var matcher = cues.matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
            reasons.add(label + ": \"" + matcher.group() + "\"");
        }
        return n;
    }
}
