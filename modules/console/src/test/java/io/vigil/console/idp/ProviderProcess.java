package io.vigil.console.idp;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test OpenID provider as a process of its own, as a real one is: started with the
 * classpath Maven wrote for it (target/idp.classpath, without the console's web server), and
 * ready once its discovery document answers.
 */
public final class ProviderProcess implements AutoCloseable {

    private final Process process;

    private ProviderProcess(Process process) {
        this.process = process;
    }

    public static ProviderProcess start(int port, String redirect, Path log) throws IOException, InterruptedException {
        String cp = "target/test-classes" + File.pathSeparator + Files.readString(Path.of("target/idp.classpath")).strip();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", cp, TestIdentityProvider.class.getName(),
                Integer.toString(port), redirect)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ProviderProcess pp = new ProviderProcess(p);
        HttpClient http = HttpClient.newHttpClient();
        URI discovery = URI.create(TestIdentityProvider.issuer(port) + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("the test provider stopped: " + Files.readString(log));
            try {
                if (http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return pp;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        pp.close();
        throw new IllegalStateException("the test provider did not answer within 90 s: " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
