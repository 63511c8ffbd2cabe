package io.tlsecho.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The admin endpoint of an {@link EchoServer}: plain HTTP on its own port, with {@code GET
 * /metrics} (Prometheus text format), {@code /healthz}, {@code /readyz} and {@code /status}.
 *
 * <p>It runs on the JDK's own HTTP server with one thread of its own: nothing to add to the
 * jar, and a scrape never waits behind echo traffic on the event loops, nor the other way round;
 * it keeps answering (503 on {@code /readyz}) while the echo server drains. Close it after the
 * echo server.
 */
public final class AdminServer implements AutoCloseable {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final EchoServer server;
    private final ServerMetrics metrics;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final HttpServer http;
    private final ExecutorService executor;

    private AdminServer(EchoServer server, HttpServer http) {
        this.server = server;
        this.metrics = new ServerMetrics(server);
        this.http = http;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tlsecho-admin");
            t.setDaemon(true);
            return t;
        });
        http.createContext("/", this::handle);
        http.setExecutor(executor);
    }

    /** Serves {@code server}'s admin endpoint on {@code address} (port 0 picks a free one). */
    public static AdminServer start(InetSocketAddress address, EchoServer server) throws ServerStartException {
        if (address.isUnresolved()) {
            address = new InetSocketAddress(address.getHostString(), address.getPort());
            if (address.isUnresolved()) {
                throw new ServerStartException(ServerStartException.Reason.UNKNOWN_HOST,
                        "cannot listen on " + address.getHostString() + " (--admin): unknown host", null);
            }
        }
        HttpServer http;
        try {
            http = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw ServerStartException.bindFailed(address, e);
        }
        AdminServer admin = new AdminServer(server, http);
        http.start();
        return admin;
    }

    /** The bound address (with the port picked, when asked for 0). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, TEXT, "method not allowed: " + method + "\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
                    writer.write(out, metrics.collect());
                    respond(exchange, 200, writer.getContentType(), out.toByteArray());
                }
                case "/healthz" -> respond(exchange, 200, TEXT, "ok\n");
                case "/readyz" -> {
                    if (server.isReady()) {
                        respond(exchange, 200, TEXT, "ready\n");
                    } else {
                        respond(exchange, 503, TEXT, (server.isDraining() ? "draining" : "certificate expired") + "\n");
                    }
                }
                case "/status" -> respond(exchange, 200, "application/json",
                        ServerStatus.json(server) + "\n");
                default -> respond(exchange, 404, TEXT, "not found; try /metrics, /healthz, /readyz or /status\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        respond(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
