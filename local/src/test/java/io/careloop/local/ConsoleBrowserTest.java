package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.careloop.cases.CaseIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agents' console in a real browser (Debian's headless chromium through its chromedriver) against the local
 * stack: sign in with the local token, load the inbox, open a case with the keyboard, see the guardrails refuse a
 * public text before it is sent, send a reply and find it at the platform sandbox, resolve the case, and look at
 * incidents and stats; then work the review queue: see a waiting draft beside the customer's post, have an edit
 * refused by the guardrails, approve it edited and find it at the sandbox, and reject another with a reason.
 * Screenshots land in target/console-screenshots.
 *
 * <p>Skipped where chromium is not installed, unless {@code CARELOOP_REQUIRE_BROWSER=1} (CI sets it), which makes
 * a missing browser a failure rather than a silent skip.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CARELOOP_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CARELOOP_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static TestStack stack;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if ("1".equals(System.getenv("CARELOOP_REQUIRE_BROWSER"))) {
            assertThat(installed).as("chromium at " + CHROMIUM + " and chromedriver at " + CHROMEDRIVER).isTrue();
        }
        Assumptions.assumeTrue(installed, "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        stack = new TestStack(TestStack.xEnterprise(java.util.Map.of())); // the outreach draft: X's Enterprise tier
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags that keep chromium quiet on a machine without internet, as root, in a container.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("careloop-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void anAgentWorksACaseFromTheInboxToResolved() throws IOException {
        stack.postWebhook(TestStack.mention("x", "console-1", "u-console", "ruth_k",
                "@AcmeHelp my parcel has been stuck in the depot for a week and nobody answers"));
        stack.runtime.drain();

        browser.get(stack.runtime.baseUrl() + "/console");
        WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        // The field is reachable by its label, as a screen reader announces it.
        assertThat(browser.findElement(By.xpath("//label[contains(., 'API token')]//input")).getAttribute("id")).isEqualTo("token");
        token.sendKeys(TestStack.API_TOKEN, Keys.ENTER);

        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("ruth_k @ruth_k")));
        WebElement row = browser.findElement(By.cssSelector("tr[data-case]"));
        assertThat(row.getText()).contains("x").contains("my parcel has been stuck").containsPattern("P[1-4]")
                .containsPattern("(left|overdue|answered)");
        screenshot("1-inbox");

        // Keyboard only: focus the case's link and press Enter.
        link.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Case: ruth_k"));
        WebElement timeline = browser.findElement(By.cssSelector("ol.timeline"));
        assertThat(timeline.getText()).contains("my parcel has been stuck").contains("triage:");

        // The guardrails' verdict shows while typing, before anything is sent.
        WebElement text = browser.findElement(By.id("reply-text"));
        text.sendKeys("Actually you are wrong, as we already said.");
        WebElement feedback = browser.findElement(By.id("reply-feedback"));
        wait.until(ExpectedConditions.textToBePresentInElement(feedback, "Blocked by the guardrails"));
        screenshot("2-guardrail-feedback");
        browser.findElement(By.xpath("//button[text()='Send reply']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alert"), "Not sent"));

        String reply = "Hi Ruth, I'm sorry about the wait: I've asked the depot to release your parcel today.";
        text.clear();
        text.sendKeys(reply);
        wait.until(ExpectedConditions.textToBePresentInElement(feedback, "Will be posted publicly"));
        browser.findElement(By.xpath("//button[text()='Send reply']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Reply queued"));

        stack.runtime.drain();
        List<String> posted = stack.runtime.sandbox().posts().stream().map(p -> String.valueOf(p.get("body"))).toList();
        assertThat(posted).anySatisfy(p -> assertThat(p).contains("release your parcel today"));
        assertThat(posted).noneSatisfy(p -> assertThat(p).contains("as we already said"));

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ol.timeline"), "release your parcel today"));

        WebElement summary = browser.findElement(By.name("summary"));
        summary.sendKeys("Depot released the parcel");
        summary.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Case resolved"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dl.meta"), "RESOLVED"));
        screenshot("3-resolved");

        browser.findElement(By.linkText("Stats")).click();
        WebElement chart = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("svg[role=img]")));
        assertThat(chart.getAttribute("aria-label")).startsWith("Open cases by priority: P1");
        assertThat(browser.findElements(By.cssSelector("svg[role=img]")).get(1).getAttribute("aria-label"))
                .startsWith("First response: p50 ").contains("SLA attainment");
        assertThat(browser.findElement(By.cssSelector("dl.stats")).getText()).contains("First response p50").contains("SLA attainment");
        screenshot("4-stats");

        browser.findElement(By.linkText("Incidents")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Incidents"));
    }

    @Test
    @Order(2)
    void anAgentDecidesWaitingDraftsFromTheKeyboard() throws IOException {
        // Two authors complain about the same product without addressing the brand: careloop's outreach to each
        // waits for a person (README, "Reviewed replies").
        stack.postWebhook(TestStack.mention("x", "3001", "u-review-1", "dana_w", "My #Acme widget has been broken for 5 days"));
        stack.runtime.drain();
        stack.postWebhook(TestStack.mention("x", "3002", "u-review-2", "omar_p", "So's mine. I'm now on my third #Acme widget…"));
        stack.runtime.drain();
        String approvedCase = CaseIds.forOpeningMention("x#3001");
        String rejectedCase = CaseIds.forOpeningMention("x#3002");
        JsonNode toApprove = waitingDraftOf(approvedCase);
        JsonNode toReject = waitingDraftOf(rejectedCase);
        assertThat(toApprove).as("the outreach to dana_w waits").isNotNull();
        assertThat(toReject).as("the outreach to omar_p waits").isNotNull();

        browser.get(stack.runtime.baseUrl() + "/console#/inbox");
        wait.until(d -> !d.findElements(By.id("token")).isEmpty() || !d.findElements(By.cssSelector("tr[data-case]")).isEmpty());
        if (!browser.findElements(By.id("token")).isEmpty()) {
            browser.findElement(By.id("token")).sendKeys(TestStack.API_TOKEN, Keys.ENTER);
        }
        // The inbox marks the case whose draft waits.
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-case='" + approvedCase + "']")));
        assertThat(row.findElement(By.cssSelector(".badge.draft")).getText()).isEqualTo("draft waiting");

        // The case view links to the review view.
        row.findElement(By.linkText("dana_w @dana_w")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Case: dana_w"));
        assertThat(browser.findElement(By.cssSelector("p.draft-waiting")).getText()).contains("waits for a person's review");
        assertThat(browser.findElement(By.linkText("review it in Needs review")).getAttribute("href"))
                .endsWith("#/review?case=" + approvedCase);

        // Keyboard only: the nav entry, then Enter.
        WebElement nav = browser.findElement(By.linkText("Needs review"));
        nav.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Needs review"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "drafts waiting"));
        assertThat(nav.getAttribute("aria-current")).isEqualTo("page");
        WebElement card = draftCard(toApprove);
        assertThat(card.findElement(By.tagName("h2")).getText()).contains("acknowledge to dana_w @dana_w");
        assertThat(card.findElement(By.cssSelector("dl.facts")).getText()).contains("Deadline").containsPattern("(left|overdue)")
                .contains("x · public").contains("Guardrails");
        assertThat(card.findElement(By.cssSelector("ul.reasons")).getText()).contains("outreach");
        assertThat(card.findElement(By.tagName("blockquote")).getText()).isEqualTo("My #Acme widget has been broken for 5 days");
        assertThat(card.findElement(By.cssSelector(".draft-text")).getText()).isEqualTo(toApprove.path("text").asText());
        assertThat(browser.findElement(By.id("main")).getText()).doesNotContainPattern("(?m)^null$");
        screenshot("5-review");

        // An edit that breaks a guardrail is refused, with the rule; nothing is posted.
        WebElement edited = card.findElement(By.name("text"));
        assertThat(edited.getAttribute("value")).isEqualTo(toApprove.path("text").asText());
        edited.clear();
        edited.sendKeys("@dana_w as we already said, this is user error.");
        card.findElement(By.xpath(".//button[text()='Approve edited text']")).sendKeys(Keys.ENTER);
        WebElement alert = browser.findElement(By.id("alert"));
        wait.until(ExpectedConditions.textToBePresentInElement(alert, "no-arguing"));
        assertThat(alert.getAttribute("role")).isEqualTo("alert");
        assertThat(alert.getText()).contains("the text was not sent");
        assertThat(card.findElement(By.cssSelector(".feedback.blocked")).getText()).startsWith("Not approved").contains("no-arguing");
        screenshot("6-review-refused");

        // Approved as edited: the list reloads without it and the live region says so.
        String approved = "@dana_w Sorry your widget broke. Send us a DM and we'll sort out a replacement today.";
        edited = draftCard(toApprove).findElement(By.name("text"));
        edited.clear();
        edited.sendKeys(approved);
        draftCard(toApprove).findElement(By.xpath(".//button[text()='Approve edited text']")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Approved as edited"));
        assertThat(browser.findElements(By.cssSelector("article[data-draft='" + toApprove.path("id").asText() + "']"))).isEmpty();

        // Rejected with a reason, from the keyboard: the reason field, then Enter.
        WebElement reason = draftCard(toReject).findElement(By.name("reason"));
        reason.sendKeys("Omar is a journalist: PR answers this one", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "will never be posted"));
        assertThat(browser.findElements(By.cssSelector("article[data-draft='" + toReject.path("id").asText() + "']"))).isEmpty();
        screenshot("7-review-decided");

        stack.runtime.drain();
        List<String> posted = stack.runtime.sandbox().posts().stream().map(p -> String.valueOf(p.get("body"))).toList();
        assertThat(posted).anySatisfy(p -> assertThat(p).contains("sort out a replacement today"));
        assertThat(posted).noneSatisfy(p -> assertThat(p).contains("user error"));
        assertThat(posted).noneSatisfy(p -> assertThat(p).contains("@omar_p"));
        assertThat(waitingDraftOf(approvedCase)).isNull();
        assertThat(waitingDraftOf(rejectedCase)).isNull();
        assertThat(stack.apiJson("GET", "/cases/" + rejectedCase, null).path("timeline").findValuesAsText("note").toString())
                .contains("rejected by").contains("PR answers this one");
    }

    @Test
    @Order(3)
    void anAgentSetsThemselvesAvailableTakesACaseAndGoesAway() throws IOException {
        // The local token speaks for Dana Adams, a lead: her teams and cap are set once, her presence in the console.
        stack.api("PUT", "/agents/me", "{\"teams\": [\"Care\"], \"maxOpenCases\": 4}");
        browser.get(stack.runtime.baseUrl() + "/console#/team");
        wait.until(d -> !d.findElements(By.id("token")).isEmpty() || !d.findElements(By.id("presence")).isEmpty());
        if (!browser.findElements(By.id("token")).isEmpty()) {
            browser.findElement(By.id("token")).sendKeys(TestStack.API_TOKEN, Keys.ENTER);
            browser.get(stack.runtime.baseUrl() + "/console#/team");
        }
        WebElement presence = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("presence")));
        assertThat(browser.findElement(By.id("my-presence")).getText()).contains("Dana Adams").contains("away");
        presence.sendKeys(Keys.ENTER); // keyboard only
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "You are available"));
        assertThat(browser.findElement(By.id("my-presence")).getText()).contains("available for Care");
        // Coming back, she took the team's cases left waiting by the earlier tests.
        int held = stack.apiJson("GET", "/agents/me", null).path("openCases").asInt();
        assertThat(browser.findElement(By.id("status")).getText()).contains("you took " + held + " waiting case");

        stack.postWebhook(TestStack.mention("x", "console-9", "u-console-9", "vera_m", "@AcmeHelp my widget will not charge"));
        stack.runtime.drain();
        assertThat(stack.apiJson("GET", "/cases/" + CaseIds.forOpeningMention("x#console-9"), null).path("assignee").asText())
                .isEqualTo("Dana Adams");
        browser.navigate().refresh();
        WebElement mine = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-agent='Dana Adams']")));
        assertThat(mine.getText()).contains("available").contains("Care").contains((held + 1) + " of 4");
        screenshot("8-team-available");

        browser.findElement(By.id("presence")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "You are away"));
        assertThat(browser.findElement(By.id("status")).getText()).contains((held + 1) + " back to the team's queue");
        assertThat(browser.findElement(By.cssSelector("tr[data-agent='Dana Adams']")).getText()).contains("away").contains("0 of 4");
        screenshot("9-team-away");

        // A saved reply of the case's team, inserted filled for this customer, ready to edit and send.
        stack.api("PUT", "/teams/Care/replies/charging", "{\"title\": \"Charging help\", \"text\": "
                + "\"{greeting}I'm sorry your {topic} won't charge: try another cable first, and tell me how it goes. {signature}\"}");
        browser.get(stack.runtime.baseUrl() + "/console#/cases/" + CaseIds.forOpeningMention("x#console-9"));
        WebElement savedReply = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("saved-reply")));
        new org.openqa.selenium.support.ui.Select(savedReply).selectByVisibleText("Charging help");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Saved reply inserted"));
        assertThat(browser.findElement(By.id("reply-text")).getAttribute("value"))
                .startsWith("@vera_m I'm sorry your widget won't charge").doesNotContain("{");
        assertThat(browser.findElement(By.id("reply-feedback")).getText()).contains("Will be posted publicly");
        screenshot("10-saved-reply");

        // The day's report: charts over time with a text alternative, totals, per team and agent.
        browser.findElement(By.linkText("Reports")).click();
        WebElement chart = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("svg[role=img]")));
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(chart.getAttribute("aria-label")).startsWith("Cases opened and resolved per day:").contains(today + " opened ");
        assertThat(browser.findElement(By.cssSelector("dl.report-totals")).getText()).contains("Opened").contains("SLA attainment");
        assertThat(browser.findElement(By.cssSelector("table[aria-label=Agent]")).getText()).contains("Dana Adams");
        screenshot("11-reports");
    }

    @Test
    @Order(4)
    void aLeadAddsEditsAndDeletesATeamsSavedRepliesInTheConsole() throws IOException {
        browser.get(stack.runtime.baseUrl() + "/console#/replies?team=Care");
        wait.until(d -> !d.findElements(By.id("token")).isEmpty() || !d.findElements(By.id("saved-form")).isEmpty());
        if (!browser.findElements(By.id("token")).isEmpty()) {
            browser.findElement(By.id("token")).sendKeys(TestStack.API_TOKEN, Keys.ENTER);
            browser.get(stack.runtime.baseUrl() + "/console#/replies?team=Care");
        }
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Saved replies: Care"));
        assertThat(browser.findElement(By.linkText("Saved replies")).getAttribute("aria-current")).isEqualTo("page");

        // A variable careloop does not fill is refused with the API's reason, and nothing is saved.
        browser.findElement(By.id("saved-id")).sendKeys("late-parcel");
        browser.findElement(By.id("saved-title")).sendKeys("Late parcel");
        browser.findElement(By.id("saved-text")).sendKeys("{greeting}Your order {orderNumber} is late. {signature}");
        browser.findElement(By.id("saved-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alert"), "does not fill"));
        assertThat(browser.findElement(By.id("alert")).getText()).contains("orderNumber");
        assertThat(stack.apiJson("GET", "/teams/Care/replies", null).path("replies").findValuesAsText("id"))
                .doesNotContain("late-parcel");

        // Corrected, it is saved and listed.
        WebElement text = browser.findElement(By.id("saved-text"));
        text.clear();
        text.sendKeys("{greeting}I'm sorry your parcel is late: I'm chasing the courier now. {signature}");
        browser.findElement(By.id("saved-submit")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Saved reply \u201cLate parcel\u201d saved for Care"));
        WebElement item = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li[data-reply='late-parcel']")));
        assertThat(item.findElement(By.tagName("h2")).getText()).isEqualTo("Late parcel");
        assertThat(item.findElement(By.cssSelector(".saved-text")).getText()).contains("I'm chasing the courier now");
        assertThat(stack.apiJson("GET", "/teams/Care/replies/late-parcel", null).path("title").asText()).isEqualTo("Late parcel");
        screenshot("12-saved-replies");

        // Edited: the title changes, the id stays.
        item.findElement(By.xpath(".//button[text()='Edit']")).click();
        assertThat(browser.findElement(By.id("saved-id")).getAttribute("readonly")).isNotNull();
        WebElement title = browser.findElement(By.id("saved-title"));
        title.clear();
        title.sendKeys("Late parcel (courier chased)");
        browser.findElement(By.id("saved-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("li[data-reply='late-parcel'] h2"),
                "Late parcel (courier chased)"));
        assertThat(stack.apiJson("GET", "/teams/Care/replies/late-parcel", null).path("title").asText())
                .isEqualTo("Late parcel (courier chased)");

        // Deleted, in two presses from the keyboard.
        WebElement delete = browser.findElement(By.cssSelector("li[data-reply='late-parcel']"))
                .findElement(By.xpath(".//button[text()='Delete']"));
        delete.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Press Confirm delete"));
        delete.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "deleted"));
        assertThat(browser.findElements(By.cssSelector("li[data-reply='late-parcel']"))).isEmpty();
        assertThat(stack.api("GET", "/teams/Care/replies/late-parcel", null).statusCode()).isEqualTo(404);
        screenshot("13-saved-reply-deleted");
    }

    private static WebElement draftCard(JsonNode draft) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("article[data-draft='" + draft.path("id").asText() + "']")));
    }

    private static JsonNode waitingDraftOf(String caseId) {
        for (JsonNode d : stack.apiJson("GET", "/drafts", null).path("drafts")) {
            if (d.path("caseId").asText().equals(caseId)) {
                return d;
            }
        }
        return null;
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
