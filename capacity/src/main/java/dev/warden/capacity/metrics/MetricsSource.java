package dev.warden.capacity.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Fetches a /metrics page with the JDK's HTTP client: one GET, a timeout, a size cap, 200 or an error. */
public final class MetricsSource {
    /** The most bytes read from a metrics page. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private MetricsSource() {}

    public static String fetch(URI url, Duration timeout) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("only http and https URLs are fetched, not " + url);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Accept", "text/plain; version=0.0.4").GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (response.statusCode() != 200) {
                    throw new IOException(url + " answered HTTP " + response.statusCode());
                }
                if (bytes.length > MAX_BYTES) {
                    throw new IOException(url + " sent more than 16 MiB of metrics");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
    }
}
