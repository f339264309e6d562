package io.careloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * incidents and stats. Screenshots land in target/console-screenshots.
 *
 * <p>Skipped where chromium is not installed, unless {@code CARELOOP_REQUIRE_BROWSER=1} (CI sets it), which makes
 * a missing browser a failure rather than a silent skip.
 */
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
        stack = new TestStack();
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

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
