package io.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.console.idp.ProviderProcess;
import io.vigil.console.idp.TestIdentityProvider;
import io.vigil.model.ConsoleEvent;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.testkit.Browser;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.TlsFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on against a real OpenID Connect provider (Spring Authorization Server, started
 * here), in a real browser: a person with a Vigil app role signs in through the provider's own
 * login page and gets that role; someone the provider knows but who has no Vigil role, an
 * expired ID token, a token for another audience and a forged callback are refused, each
 * shown on the sign-in page and recorded.
 */
class OidcSignInIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();
    @TempDir
    static Path dir;
    static ProviderProcess provider;
    static Console console;
    static Browser browser;
    static Topics topics;

    @BeforeAll
    static void start() throws Exception {
        int consolePort = free(), providerPort = free();
        provider = ProviderProcess.start(providerPort, "https://127.0.0.1:" + consolePort + "/auth/callback",
                Path.of("target/test-provider.log"));
        topics = kafka.freshTopics(1);
        TlsFixture tls = TlsFixture.create(dir);
        OidcConfig oidc = new OidcConfig(TestIdentityProvider.issuer(providerPort), TestIdentityProvider.CLIENT,
                TestIdentityProvider.SECRET, "roles", List.of(), List.of("Vigil.Analyst"), List.of("Vigil.Admin"), null, null);
        ConsoleConfig c = new ConsoleConfig(topics, "127.0.0.1", consolePort, tls.keystore(), TlsFixture.PASSWORD, null, null,
                null, Duration.ofHours(12), Duration.ofMinutes(30), Duration.ofDays(90), 5, Duration.ofMinutes(15), oidc);
        console = new Console(c, kafka.clientProps()).withOidcName("the trust's sign-in").start();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (console != null) console.close();
        if (provider != null) provider.close();
    }

    @BeforeEach
    void signedOut() {
        browser.open(console.url() + "/signin");
        browser.driver().manage().deleteAllCookies();
    }

    static int free() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Through the console's button and the provider's own login form. */
    void signInAtTheProvider(String user) {
        browser.open(console.url() + "/");
        assertThat(browser.text("#signin-oidc")).isEqualTo("Sign in with the trust's sign-in");
        assertThat(browser.has("#signin-local")).as("no local accounts on this console").isFalse();
        browser.click("#signin-oidc");
        assertThat(browser.waitFor(() -> browser.has("input[name=username]"), 15)).as("the provider's login page").isTrue();
        assertThat(browser.url()).startsWith(TestIdentityProvider.issuer(0).replace(":0", ":"));
        browser.type("input[name=username]", user).type("input[name=password]", TestIdentityProvider.PASSWORD)
                .click("button[type=submit]");
    }

    List<ConsoleEvent> audit(Predicate<ConsoleEvent> wanted) {
        return kafka.consume(topics.consoleAudit(), JsonSerde.consoleEvents(), l -> l.stream().map(r -> r.value())
                .anyMatch(wanted), Duration.ofSeconds(10)).stream().map(r -> r.value()).filter(wanted).toList();
    }

    @Test
    void aNurseWithTheAnalystAppRoleSignsInThroughTheProvider() {
        signInAtTheProvider("nurse.jones");
        assertThat(browser.waitFor(() -> browser.has(".vigil-header__who"), 15)).as("back at the console, signed in").isTrue();
        assertThat(browser.text(".vigil-header__who")).isEqualTo("nurse.jones analyst");
        assertThat(browser.url()).startsWith(console.url());
        assertThat(audit(e -> ConsoleEvent.SIGNED_IN.equals(e.event()) && "nurse.jones".equals(e.user())))
                .singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("as analyst via oidc"));
    }

    @Test
    void anAdminAppRoleMakesAnAdmin() {
        signInAtTheProvider("sister.ward");
        assertThat(browser.waitFor(() -> browser.has(".vigil-header__who"), 15)).isTrue();
        assertThat(browser.text(".vigil-header__who")).isEqualTo("sister.ward admin");
    }

    @Test
    void someoneTheProviderKnowsButWithNoVigilRoleIsRefused() {
        signInAtTheProvider("ward.clerk");
        assertThat(browser.waitFor(() -> browser.has("#signin-error"), 15)).isTrue();
        assertThat(browser.text("#signin-error")).contains("ward.clerk signed in, but their roles claim names no Vigil role");
        assertThat(browser.has(".vigil-header__who")).isFalse();
        assertThat(audit(e -> ConsoleEvent.SIGN_IN_FAILED.equals(e.event()) && e.detail().contains("ward.clerk"))).isNotEmpty();
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        signInAtTheProvider("late.shift");
        assertThat(browser.waitFor(() -> browser.has("#signin-error"), 15)).isTrue();
        assertThat(browser.text("#signin-error")).contains("the ID token was not valid: it has expired");
        assertThat(audit(e -> ConsoleEvent.SIGN_IN_FAILED.equals(e.event()) && e.detail().toLowerCase().contains("expired")))
                .isNotEmpty();
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() {
        signInAtTheProvider("other.app");
        assertThat(browser.waitFor(() -> browser.has("#signin-error"), 15)).isTrue();
        assertThat(browser.text("#signin-error")).contains("the ID token was not valid: it was made for another client");
    }

    @Test
    void aCallbackNobodyStartedIsRefused() {
        browser.open(console.url() + "/auth/callback?code=stolen&state=guessed");
        assertThat(browser.text("#signin-error")).contains("no sign-in was under way in this browser");
        assertThat(audit(e -> ConsoleEvent.SIGN_IN_FAILED.equals(e.event()) && e.detail().contains("no sign-in was under way")))
                .isNotEmpty();
    }
}
