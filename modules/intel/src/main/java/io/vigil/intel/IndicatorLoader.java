package io.vigil.intel;

import io.vigil.model.Indicator;
import io.vigil.runtime.FileProblem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * Loads indicator sources — files, or HTTPS URLs (TLS 1.3/1.2 only, an optional bearer token)
 * — and hands each indicator to a sink by its key: the indicator while it holds, null (a
 * tombstone) once it has expired, so the compacted topic forgets it.
 */
public final class IndicatorLoader {

    /** What one source gave: its format, indicators kept and expired, and entries skipped with why. */
    public record Loaded(String source, String format, int current, int expired, List<String> skipped) {}

    private final HttpClient http;
    private final String token;

    /**
     * @param tls   trust for HTTPS sources (null: the JVM's CAs)
     * @param token a bearer token for HTTPS sources, or null
     */
    public IndicatorLoader(SSLContext tls, String token) {
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).sslParameters(p)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) b.sslContext(tls);
        this.http = b.build();
        this.token = token;
    }

    /** Reads {@code source} (a path or an https URL) and sends its indicators; an unreadable source is an IOException. */
    public Loaded load(String source, BiConsumer<String, Indicator> sink, Instant now) throws IOException {
        IndicatorSources.Parsed p;
        try {
            p = IndicatorSources.read(source, fetch(source));
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage());
        }
        Map<String, Indicator> byKey = new LinkedHashMap<>();
        for (Indicator i : p.indicators()) byKey.merge(i.key(), i, (a, b) -> b.confidence() >= a.confidence() ? b : a);
        int current = 0, expired = 0;
        for (Map.Entry<String, Indicator> e : byKey.entrySet()) {
            Indicator i = e.getValue();
            if (i.validUntil() != null && !i.validUntil().isAfter(now)) {
                sink.accept(e.getKey(), null);
                expired++;
            } else {
                sink.accept(e.getKey(), i);
                current++;
            }
        }
        return new Loaded(source, p.format(), current, expired, p.skipped());
    }

    private byte[] fetch(String source) throws IOException {
        if (source.startsWith("https://")) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(source)).timeout(Duration.ofSeconds(60)).GET();
            if (token != null) r.header("Authorization", "Bearer " + token);
            try {
                HttpResponse<byte[]> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (resp.statusCode() != 200) throw new IOException(source + ": HTTP " + resp.statusCode());
                return resp.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(source + ": interrupted");
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(source)) throw e;
                // the client's words alone do not say which source, nor what to try
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                boolean closed = why.contains("received no bytes") || e instanceof SSLHandshakeException;
                throw new IOException(source + ": " + why + (closed ? " (the server ended the TLS handshake: if it asks for "
                        + "a client certificate, give one with --keystore)" : ""));
            }
        }
        if (source.contains("://")) throw new IOException(source + ": only files and https URLs (TLS 1.2 or later) are read");
        try {
            return Files.readAllBytes(Path.of(source));
        } catch (IOException e) {
            throw new IOException(FileProblem.of(Path.of(source), e), e);
        }
    }
}
