package io.careloop.triage;

import io.careloop.triage.text.ComplaintFeatures;
import io.careloop.triage.text.ComplaintModel;
import io.careloop.triage.text.Language;
import io.careloop.triage.text.PhraseMatcher;
import io.careloop.triage.text.Sentiment;
import io.careloop.triage.text.Tokens;
import io.careloop.triage.text.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads a mention the way a seasoned social care lead would: is it a complaint (a trained model), a
 * question, praise, spam or abuse; how negative; in which language; about which product or problem; and
 * does anything make it urgent. In-process and fast; every cue that fires is named in the reasons.
 */
public final class Classifier {
    private static final PhraseMatcher SPAM = PhraseMatcher.of("spam", List.of("free followers", "click here",
            "crypto", "bitcoin", "giveaway", "promo code", "dm me for", "earn money", "onlyfans", "work from home",
            "follow back", "investment opportunity", "check out my", "cheap followers", "make money", "limited offer"));
    private static final PhraseMatcher ABUSE = PhraseMatcher.of("hostile", List.of("idiot", "idiots", "stupid", "moron",
            "morons", "scum", "shut up", "kill yourself", "kys", "die", "fuck you", "fuck off", "bitch", "bastard",
            "bastards", "dickhead", "retard", "retards", "clowns", "pathetic losers", "i hope you rot"));
    private static final PhraseMatcher URGENCY = new PhraseMatcher(Map.of(
            "safety", List.of("fire", "caught fire", "smoke", "smoking", "burn", "burned", "burnt", "injured", "injury",
                    "unsafe", "danger", "dangerous", "hospital", "exploded", "explode", "electric shock", "shocked me",
                    "choking", "food poisoning", "allergic reaction", "allergic", "glass in", "swallowed"),
            "legal", List.of("lawyer", "attorney", "sue", "suing", "lawsuit", "legal action", "court", "ombudsman",
                    "trading standards", "small claims"),
            "outage", List.of("outage", "down for everyone", "everyone is down", "nobody can", "all users",
                    "site is down", "service is down", "is down again"),
            "cancellation", List.of("cancel my", "cancelling my", "canceling my", "close my account", "switching to",
                    "leaving you", "never using you again", "never buying", "done with you")));
    /**
     * The model reads English; in other languages these phrases mark a broken expectation (the post still goes to
     * a person, but as a complaint with a complaint's priority).
     */
    private static final PhraseMatcher FOREIGN_COMPLAINT = PhraseMatcher.of("complaint", List.of(
            "no ha llegado", "nadie me", "nadie responde", "sin internet", "me cobraron", "reembolso", "no funciona",
            "perdue", "perdu", "aucune réponse", "annulé", "toujours pas", "remboursement", "ne marche pas",
            "ausgefallen", "frechheit", "keine antwort", "immer noch nicht", "kaputt", "funktioniert nicht",
            "nessuno mi", "due volte", "rimborso", "non funziona", "trava", "não funciona", "ninguém", "reembolso",
            "nog steeds niet", "niet geleverd", "kapot", "geen antwoord"));
    /** A praised post that names a topic or a problem is praise only when a complaint is this unlikely or less. */
    static final double PRAISE_WITH_PROBLEM_MAX_COMPLAINT = 0.25;
    private static final PhraseMatcher PRAISE = PhraseMatcher.of("praise", List.of("thank", "thanks", "thank you",
            "love", "loving", "lovely", "great", "awesome", "amazing", "excellent", "brilliant", "fantastic", "best",
            "perfect", "well done", "kudos", "appreciate", "helpful", "impressed", "shoutout", "shout out",
            "above and beyond", "outdone"));
    private static final Pattern QUESTION_START = Pattern.compile(
            "^(?:@\\S+\\s+)*(how|what|when|where|why|who|which|can|could|is|are|do|does|did|will|would|should|any)\\b");
    /** A question later in the post, after a greeting or a clause: "hi, what's...", "quick one, is there...". */
    private static final Pattern QUESTION_CLAUSE = Pattern.compile(
            "(?:^|[,.!:;]\\s*)(?:@\\S+\\s+)*(how (?:do|does|can|long|much|many|early)|what(?:'s| is| are| time| happens)"
                    + "|is there|are there|can i|could you|can you|do you|does the|will my|would a|any idea|any plans)\\b");
    /**
     * A neutral question is answered, not apologised for: the model reads many questions on its training data
     * as complaints ("why is my order late?"), so a question without negative sentiment or urgency is a
     * complaint only when the calibrated probability is at least this.
     */
    static final double NEUTRAL_QUESTION_COMPLAINT = 0.8;

    private final Supplier<ComplaintModel> model;
    private final Topics topics;

    public Classifier() {
        this(ComplaintModel::bundled, Topics.defaults(List.of()));
    }

    /**
     * The bundled model with the brand's products and problem keywords as topics. The model is read when
     * the first post is judged, so building a classifier costs nothing until then.
     */
    public static Classifier forBrand(io.careloop.config.BrandConfig brand) {
        return new Classifier(ComplaintModel::bundled, new Topics(brand.products(), brand.problemKeywords()));
    }

    public Classifier(ComplaintModel model, Topics topics) {
        this(() -> model, topics);
    }

    private Classifier(Supplier<ComplaintModel> model, Topics topics) {
        this.model = model;
        this.topics = topics;
    }

    private ComplaintModel model() {
        return model.get();
    }

    /** The calibrated complaint probability from which a mention is a complaint. */
    public double threshold() {
        return model().threshold();
    }

    public Judgement judge(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = Tokens.of(text);
        List<String> rawWords = Tokens.rawWords(text);
        List<String> reasons = new ArrayList<>();

        double rawSentiment = Sentiment.instance().raw(tokens, rawWords);
        ComplaintFeatures.Analysis features = ComplaintFeatures.analyse(tokens, rawWords, rawSentiment);
        ComplaintModel model = model();
        double p = model.probability(features, text);
        double sentiment = Sentiment.normalise(rawSentiment);
        boolean complaint = p >= model.threshold();
        if (complaint) {
            reasons.add(String.format(Locale.ROOT, "complaint %.2f: %s", p, String.join(", ", model.strongestCues(features, 3))));
        }
        String language = Language.guess(text, tokens);
        if (!language.equals(Language.ENGLISH)) {
            reasons.add("language: " + language);
        }
        List<String> urgency = new ArrayList<>();
        for (PhraseMatcher.Match m : URGENCY.find(tokens)) {
            if (!urgency.contains(m.label())) {
                urgency.add(m.label());
                reasons.add("urgent (" + m.label() + "): \"" + m.phrase() + "\"");
            }
        }
        urgency.sort(null);
        if (!complaint && sentiment < 0 && (urgency.contains("safety") || urgency.contains("legal") || urgency.contains("outage"))) {
            complaint = true; // a fire, a lawyer or an outage is a broken expectation whatever the wording
            reasons.add("complaint: urgent report");
        }
        boolean spam = fired(SPAM, tokens, reasons) || countLinks(tokens) >= 3;
        // The insult list is English ("die" is an article in German); posts in other languages go to a person anyway.
        boolean hostile = language.equals(Language.ENGLISH) && fired(ABUSE, tokens, reasons);
        boolean question = tokens.contains("?") || QUESTION_START.matcher(lower).find()
                || QUESTION_CLAUSE.matcher(lower).find();
        String problem = topics.problemOf(tokens).orElse(null);
        if (!complaint && !language.equals(Language.ENGLISH) && fired(FOREIGN_COMPLAINT, tokens, reasons)) {
            complaint = true;
        }
        if (complaint && question && sentiment >= 0 && urgency.isEmpty() && p < NEUTRAL_QUESTION_COMPLAINT) {
            complaint = false;
            reasons.add(String.format(Locale.ROOT, "question, not a complaint: probability %.2f below %.2f for a neutral question",
                    p, NEUTRAL_QUESTION_COMPLAINT));
        }
        if (hostile && !complaint && problem != null && p >= model.threshold() / 2) {
            complaint = true; // an insult with a problem in it is a complaint to answer calmly, never a comment to hide
            reasons.add("complaint: hostile, with a problem named");
        }
        // "Thanks for cancelling my train" is not a thank-you moment: praise that names a problem must also be
        // unlikely to be a complaint, by the calibrated probability.
        boolean praiseWords = sentiment >= 0.3 && !PRAISE.find(tokens).isEmpty();
        boolean praise = praiseWords && !complaint && (problem == null || p < PRAISE_WITH_PROBLEM_MAX_COMPLAINT)
                && fired(PRAISE, tokens, reasons);
        boolean praiseOverComplaint = praiseWords && !praise;
        if (praiseOverComplaint) {
            reasons.add("praise words over a complaint or problem: possibly sarcasm");
        }

        Intent intent;
        if (spam && !complaint) {
            intent = Intent.SPAM;
        } else if (hostile && !complaint) {
            intent = Intent.ABUSE;
        } else if (complaint) {
            intent = Intent.COMPLAINT;
        } else if (question) {
            intent = Intent.QUESTION;
            reasons.add("question");
        } else if (praise) {
            intent = Intent.PRAISE;
        } else {
            intent = Intent.OTHER;
        }
        if (problem != null) {
            reasons.add("problem: " + problem);
        }
        return new Judgement(intent, complaint, p, sentiment, language, topics.of(tokens), List.copyOf(urgency), hostile,
                List.copyOf(reasons), problem, praiseOverComplaint);
    }

    private static int countLinks(List<String> tokens) {
        return (int) tokens.stream().filter("<url>"::equals).count();
    }

    private static boolean fired(PhraseMatcher cues, List<String> tokens, List<String> reasons) {
        List<PhraseMatcher.Match> found = cues.find(tokens);
        if (found.isEmpty()) {
            return false;
        }
        reasons.add(found.get(0).label() + ": \"" + found.get(0).phrase() + "\"");
        return true;
    }
}
