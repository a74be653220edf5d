package io.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.AlertType;
import io.vigil.model.ConsoleEvent;
import io.vigil.model.JsonSerde;
import io.vigil.model.Suppression;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.model.Verdict;
import io.vigil.testkit.Browser;
import io.vigil.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser (Debian's headless Chromium) against a real broker: signing in,
 * a live alert arriving without a reload, triage, roles, CSRF, hostile text, bad suppression
 * forms, a tampered cookie and lock-out. Screenshots go to target/screenshots.
 */
class ConsoleBrowserIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();
    @TempDir
    static Path dir;
    static ConsoleFixture fx;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        fx = new ConsoleFixture(kafka, dir);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (fx != null) fx.close();
    }

    @BeforeEach
    void signedOut() {
        browser.open(fx.url("/signin"));
        browser.driver().manage().deleteAllCookies();
    }

    void signIn(String user) {
        browser.open(fx.url("/"));
        assertThat(browser.url()).contains("/signin");
        browser.type("#user", user).type("#password", ConsoleFixture.PASSWORD).click("#signin-local");
        assertThat(browser.waitFor(() -> browser.has(".vigil-header__who"), 10)).as("signed in as " + user).isTrue();
    }

    List<TriageAction> triage(String alertId, int atLeast) {
        return kafka.consume(fx.topics.triage(), JsonSerde.triage(), l -> l.stream()
                        .filter(r -> r.key().equals(alertId)).count() >= atLeast, Duration.ofSeconds(10))
                .stream().map(r -> r.value()).filter(t -> t.alertId().equals(alertId)).toList();
    }

    List<ConsoleEvent> audit(Predicate<ConsoleEvent> wanted) {
        return kafka.consume(fx.topics.consoleAudit(), JsonSerde.consoleEvents(), l -> l.stream().map(r -> r.value())
                .anyMatch(wanted), Duration.ofSeconds(10)).stream().map(r -> r.value()).filter(wanted).toList();
    }

    @Test
    void anAnalystSeesALiveAlertArriveThenAcknowledgesAndClosesIt() throws Exception {
        fx.produce(ConsoleFixture.scan("live-1", "198.51.100.23"));
        fx.awaitInView("live-1");
        signIn("ana");
        assertThat(browser.text("#queue-table")).contains("Port scan", "198.51.100.23", "clinic-north");
        browser.screenshot(Path.of("target/screenshots/queue.png"));

        // a new alert on the topic appears without a reload
        browser.script("window.__notReloaded = true;");
        long put = System.nanoTime();
        fx.produce(ConsoleFixture.scan("live-2", "203.0.113.99"));
        assertThat(browser.waitFor(() -> browser.text("#queue-table").contains("203.0.113.99"), 10)).isTrue();
        long ms = (System.nanoTime() - put) / 1_000_000;
        System.out.println("console: a new alert appeared in the open queue " + ms + " ms after it was put on the topic");
        assertThat(browser.script("return window.__notReloaded === true;")).as("the page was not reloaded").isEqualTo(true);
        assertThat(ms).as("on the page within 2 s of being on the topic").isLessThanOrEqualTo(2000);

        // open it: why it fired, in numbers
        browser.open(fx.url("/alerts/live-1"));
        assertThat(browser.text("#alert-why")).startsWith("200 distinct ports probed in 300 s; the threshold is 15");
        assertThat(browser.text("#alert-evidence")).contains("Open ports", "80, 443");
        assertThat(browser.find("#alert-attack a").getAttribute("href")).isEqualTo("https://attack.mitre.org/techniques/T1046/");

        browser.type("#ack-note", "looking at it").click("#acknowledge");
        assertThat(browser.waitFor(() -> browser.text("#alert-state").equals("acknowledged"), 10)).isTrue();
        assertThat(browser.text("#history")).contains("ana", "acknowledge", "open → acknowledged", "looking at it");

        browser.click("#verdict-false_positive").type("#close-note", "the trust's own scanner").click("#close");
        assertThat(browser.waitFor(() -> browser.text("#alert-state").equals("closed"), 10)).isTrue();
        assertThat(browser.text("#alert-verdict")).isEqualTo("false positive");
        browser.screenshot(Path.of("target/screenshots/alert.png"));

        List<TriageAction> written = triage("live-1", 2);
        assertThat(written).extracting(TriageAction::action).containsExactly("acknowledge", "close");
        assertThat(written.get(1)).satisfies(t -> {
            assertThat(t.by()).isEqualTo("ana");
            assertThat(t.stateBefore()).isEqualTo(TriageState.ACKNOWLEDGED);
            assertThat(t.stateAfter()).isEqualTo(TriageState.CLOSED);
            assertThat(t.verdict()).isEqualTo(Verdict.FALSE_POSITIVE);
            assertThat(t.note()).isEqualTo("the trust's own scanner");
        });
    }

    @Test
    void theQueueWorksFromTheKeyboard() throws Exception {
        fx.produce(ConsoleFixture.scan("keys-1", "198.51.100.60"));
        fx.awaitInView("keys-1");
        signIn("ana");
        WebElement body = browser.find("body");
        body.sendKeys("j");
        assertThat(browser.all("tr.vigil-row--selected")).hasSize(1);
        String target = browser.find("tr.vigil-row--selected").getAttribute("data-href");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(browser.waitFor(() -> browser.url().endsWith(target), 10)).as("Enter opens the selected line").isTrue();
        browser.find("body").sendKeys("a");
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("ack-note");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.find("body").sendKeys("g");
        assertThat(browser.waitFor(() -> browser.has("#queue"), 10)).as("g goes back to the queue").isTrue();
        browser.find("body").sendKeys("/");
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("f-host");
    }

    @Test
    void aViewerReadsButCannotAcknowledge() throws Exception {
        fx.produce(ConsoleFixture.scan("viewer-1", "198.51.100.40"));
        fx.awaitInView("viewer-1");
        signIn("vic");
        browser.open(fx.url("/alerts/viewer-1"));
        assertThat(browser.has("#acknowledge")).as("no triage forms for a viewer").isFalse();
        assertThat(browser.source()).contains("triage needs the analyst role");
        // the request a form would make, with the viewer's own valid token
        Object status = browser.script("const t = document.querySelector('meta[name=csrf]').content;"
                + "return fetch('/alerts/viewer-1/triage', {method: 'POST', headers: {'Content-Type':"
                + "'application/x-www-form-urlencoded'}, body: 'action=acknowledge&csrf=' + encodeURIComponent(t)})"
                + ".then(r => r.status);");
        assertThat(status).isEqualTo(403L);
        assertThat(audit(e -> "vic".equals(e.user()) && ConsoleEvent.REQUEST_REFUSED.equals(e.event()))).isNotEmpty();
        assertThat(fx.console.view().alert("viewer-1").state()).isEqualTo(TriageState.OPEN);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndNothingChanges() throws Exception {
        fx.produce(ConsoleFixture.scan("csrf-1", "198.51.100.41"));
        fx.awaitInView("csrf-1");
        signIn("ana");
        browser.open(fx.url("/alerts/csrf-1"));
        Object status = browser.script("return fetch('/alerts/csrf-1/triage', {method: 'POST', headers: {'Content-Type':"
                + "'application/x-www-form-urlencoded'}, body: 'action=acknowledge'}).then(r => r.status);");
        assertThat(status).isEqualTo(403L);
        // the same from outside the browser, with the analyst's session cookie but no token
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(fx.url("/alerts/csrf-1/triage")))
                .header("Cookie", "__Host-vigil-session=" + browser.cookie("__Host-vigil-session"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=acknowledge")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        Thread.sleep(500);
        assertThat(fx.console.view().alert("csrf-1").state()).isEqualTo(TriageState.OPEN);
        assertThat(audit(e -> ConsoleEvent.REQUEST_REFUSED.equals(e.event()) && e.subject().equals("/alerts/csrf-1/triage")))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void textAnAttackerChoseRendersAsText() throws Exception {
        String hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">";
        fx.produce(ConsoleFixture.alert("xss-1", AlertType.DNS_TUNNEL, "<script>window.__pwned=3</script>", "10.10.2.55",
                "\"><svg onload=window.__pwned=4>", "Queries for " + hostile + " carry data.",
                Map.of("domain", "<b onmouseover=window.__pwned=5>x</b>.example", "sample_names", List.of(hostile))));
        fx.awaitInView("xss-1");
        signIn("ana");
        assertThat(browser.source()).doesNotContain("<script>window.__pwned");
        assertThat(browser.text("#queue-table")).contains("<script>window.__pwned=3</script>");
        browser.open(fx.url("/alerts/xss-1"));
        assertThat(browser.text("#alert-summary")).isEqualTo("Queries for " + hostile + " carry data.");
        assertThat(browser.text("#alert-evidence")).contains("<b onmouseover=window.__pwned=5>x</b>.example");
        assertThat(browser.script("return typeof window.__pwned;")).isEqualTo("undefined");
        assertThat(browser.all("svg[onload], img[onerror], b[onmouseover]")).isEmpty();
    }

    @Test
    void anUnknownAlertIsANotFoundPage() throws Exception {
        signIn("ana");
        browser.open(fx.url("/alerts/no-such-alert"));
        assertThat(browser.text("h1")).isEqualTo("Not found");
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(fx.url("/alerts/no-such-alert")))
                .header("Cookie", "__Host-vigil-session=" + browser.cookie("__Host-vigil-session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
    }

    @Test
    void aSuppressionFormSaysWhatIsWrongNextToEachFieldAndSavesNothingUntilRight() throws Exception {
        fx.produce(ConsoleFixture.scan("sup-1", "198.51.100.50"));
        fx.awaitInView("sup-1");
        signIn("ana");
        browser.open(fx.url("/alerts/sup-1")).click("#suppress");
        assertThat(browser.find("#src").getAttribute("value")).isEqualTo("198.51.100.50");
        assertThat(browser.find("#dst").getAttribute("value")).isEqualTo("10.10.1.10");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        browser.type("#src", "198.51.100.0/33").type("#expires", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString())
                .click("#check");
        assertThat(browser.text("#src-error")).contains("block like 198.51.100.0/24");
        assertThat(browser.text("#reason-error")).contains("Say why these alerts are expected here");
        assertThat(browser.text("#expires-error")).contains("must be in the future");
        browser.type("#src", "198.51.100.50").type("#reason", "the trust's authorised scanner, change CHG0042")
                .type("#expires", LocalDate.now(ZoneOffset.UTC).plusDays(91).toString()).click("#check");
        assertThat(browser.text("#expires-error")).contains("at most 90 days");
        assertThat(browser.has("#reason-error")).isFalse();
        // widened to every source: an analyst may not
        browser.type("#expires", today).find("#src").clear();
        browser.find("#dst").clear();
        browser.click("#check");
        assertThat(browser.text("#src-error")).contains("only an admin may make it");
        assertThat(kafka.consume(fx.topics.suppressions(), JsonSerde.suppressions(), l -> false, Duration.ofSeconds(1)))
                .as("nothing saved").isEmpty();

        browser.type("#src", "198.51.100.50").click("#check");
        assertThat(browser.text("#preview-count")).isEqualTo("1");
        browser.click("#save");
        assertThat(browser.waitFor(() -> browser.has("#suppression-state"), 10)).isTrue();
        assertThat(browser.text("#suppression-state")).isEqualTo("in force");
        List<Suppression> saved = kafka.consume(fx.topics.suppressions(), JsonSerde.suppressions(), l -> !l.isEmpty(),
                Duration.ofSeconds(10)).stream().map(r -> r.value()).toList();
        assertThat(saved).singleElement().satisfies(s -> {
            assertThat(s.scope().src()).isEqualTo("198.51.100.50");
            assertThat(s.reason()).isEqualTo("the trust's authorised scanner, change CHG0042");
            assertThat(s.owner()).isEqualTo("ana");
            assertThat(s.expiresAt()).isAfter(Instant.now());
        });
        assertThat(audit(e -> ConsoleEvent.SUPPRESSION_CREATED.equals(e.event()))).isNotEmpty();
    }

    @Test
    void aSuppressionCanCloseTheOpenAlertsItMatchesAndItsRevocationReopensThem() throws Exception {
        fx.produce(ConsoleFixture.scan("close-1", "198.51.100.70"), ConsoleFixture.scan("close-2", "198.51.100.70"),
                ConsoleFixture.scan("close-other", "198.51.100.71"));
        fx.awaitInView("close-2");
        fx.awaitInView("close-other");
        signIn("ana");
        browser.open(fx.url("/suppressions/new?alert=close-1"));
        browser.type("#reason", "the scanner's own test range, change CHG0050").click("#close").click("#check");
        assertThat(browser.text("#preview")).contains("2 open ones match it now");
        browser.click("#save");
        assertThat(browser.waitFor(() -> browser.has("#suppression-state"), 10)).isTrue();
        String id = browser.url().substring(browser.url().lastIndexOf('/') + 1);
        assertThat(browser.waitFor(() -> fx.console.view().alert("close-2").state() == TriageState.CLOSED, 10)).isTrue();
        assertThat(fx.console.view().alert("close-1").verdict()).isEqualTo(Verdict.BENIGN_TRUE_POSITIVE);
        assertThat(fx.console.view().alert("close-1").triage()).last().satisfies(t -> assertThat(t.suppression()).isEqualTo(id));
        assertThat(fx.console.view().alert("close-other").state()).as("another source: left alone").isEqualTo(TriageState.OPEN);

        browser.open(fx.url("/suppressions/" + id));
        assertThat(browser.find("#reopen").isSelected()).isTrue();
        browser.type("#revoke-note", "the range is in use again").click("#revoke");
        assertThat(browser.waitFor(() -> browser.text("#suppression-state").equals("revoked"), 10)).isTrue();
        assertThat(browser.waitFor(() -> fx.console.view().alert("close-1").state() == TriageState.OPEN
                && fx.console.view().alert("close-2").state() == TriageState.OPEN, 10)).as("reopened").isTrue();
        assertThat(triage("close-1", 2)).extracting(TriageAction::action).containsExactly("close", "reopen");
        assertThat(audit(e -> ConsoleEvent.SUPPRESSION_REVOKED.equals(e.event()) && id.equals(e.subject()))).hasSize(1);
    }

    @Test
    void aTamperedCookieSignsThePersonOutAndIsRecorded() throws Exception {
        signIn("ana");
        String value = browser.cookie("__Host-vigil-session");
        String forged = value.substring(0, 10) + (value.charAt(10) == 'A' ? 'B' : 'A') + value.substring(11);
        browser.driver().manage().deleteCookieNamed("__Host-vigil-session");
        browser.driver().manage().addCookie(new Cookie.Builder("__Host-vigil-session", forged).path("/").isSecure(true)
                .isHttpOnly(true).sameSite("Lax").build());
        browser.open(fx.url("/"));
        assertThat(browser.url()).contains("/signin");
        assertThat(browser.source()).contains("was not one this console made");
        assertThat(audit(e -> ConsoleEvent.SESSION_REFUSED.equals(e.event()))).isNotEmpty();
    }

    @Test
    void repeatedFailedSignInsLockTheAccount() throws Exception {
        for (int i = 0; i < 5; i++) {
            browser.open(fx.url("/signin"));
            browser.type("#user", "adam").type("#password", "wrong " + i).click("#signin-local");
            assertThat(browser.waitFor(() -> browser.text("#signin-error").contains("not right"), 10)).as("attempt " + i).isTrue();
        }
        browser.open(fx.url("/signin"));
        browser.type("#user", "adam").type("#password", ConsoleFixture.PASSWORD).click("#signin-local");
        assertThat(browser.waitFor(() -> browser.text("#signin-error").contains("locked until"), 10)).isTrue();
        assertThat(browser.has(".vigil-header__who")).isFalse();
        assertThat(audit(e -> ConsoleEvent.LOCKED_OUT.equals(e.event()) && "adam".equals(e.user()))).hasSize(1);
    }

    static HttpClient http() {
        return HttpClient.newBuilder().sslContext(fx.tls.clientContext()).build();
    }
}
