package io.vigil.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil health}: asks a running role's {@code /health} and says it in the exit status,
 * for a container's HEALTHCHECK or a probe that has only the CLI (no curl in the image).
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Ask a running role's /health: exit 0 when UP or DEGRADED, 1 when DOWN or not answering.",
                "Prints the role's answer (JSON) on stdout."})
final class HealthCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:9464/health",
            description = "the role's health endpoint (default: ${DEFAULT-VALUE}; https uses the JVM's trust store)")
    URI url;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "how long to wait (default: ${DEFAULT-VALUE})")
    int timeout;

    @Override
    public Integer call() throws Exception {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new UserException("--url: '" + url + "' is not an http or https URL");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeout)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(timeout)).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(r.body().strip());
            return r.statusCode() == 200 ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (IOException e) {
            System.err.println("vigil health: no answer from " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return ExitCodes.FAILURE;
        }
    }
}
