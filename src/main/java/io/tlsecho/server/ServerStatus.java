package io.tlsecho.server;

import io.netty.util.NetUtil;
import io.tlsecho.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The admin endpoint's {@code /status}: one JSON object with uptime, connections, totals and certificates. */
final class ServerStatus {

    private ServerStatus() {
    }

    static String json(EchoServer server) {
        ServerStats s = server.stats();
        Instant now = Instant.now();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", ServerMetrics.version());
        status.put("uptime_seconds", Math.round(server.uptime().toMillis() / 100.0) / 10.0);
        status.put("ready", server.isReady());
        status.put("draining", server.isDraining());
        // Draining: the listeners are closed.
        status.put("listening", server.isDraining() ? List.of() : server.localAddresses().stream()
                .map(NetUtil::toSocketAddressString).toList());

        Map<String, Object> connections = new LinkedHashMap<>();
        connections.put("open", s.open());
        connections.put("handshakes_in_flight", s.handshakesInFlight());
        connections.put("max", server.config().limits().maxConnections());
        connections.put("accept_paused", s.acceptPaused());
        status.put("connections", connections);

        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("accepted", s.accepted());
        Map<String, Object> rejected = new LinkedHashMap<>();
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r.label(), s.rejected(r));
        }
        totals.put("rejected", rejected);
        Map<String, Object> closed = new LinkedHashMap<>();
        for (CloseReason r : CloseReason.values()) {
            if (r != CloseReason.REJECTED) {
                closed.put(r.metricLabel(), s.closed(r));
            }
        }
        totals.put("closed", closed);
        totals.put("handshakes_ok", s.handshakesOk());
        Map<String, Object> failures = new LinkedHashMap<>();
        for (HandshakeFailure r : HandshakeFailure.values()) {
            failures.put(r.label(), s.handshakeFailures(r));
        }
        totals.put("handshake_failures", failures);
        totals.put("messages_completed", s.completed());
        totals.put("bytes_received", s.bytesReceived());
        totals.put("bytes_echoed", s.bytesEchoed());
        Map<String, Object> reloads = new LinkedHashMap<>();
        reloads.put("ok", s.reloads(true));
        reloads.put("failed", s.reloads(false));
        totals.put("certificate_reloads", reloads);
        status.put("totals", totals);

        List<Object> certs = new ArrayList<>();
        for (ServedCertificate c : server.certificates()) {
            Map<String, Object> cert = new LinkedHashMap<>();
            cert.put("sni", c.sni());
            cert.put("subject", c.subject());
            cert.put("not_after", c.notAfter().toString());
            cert.put("expires_in_seconds", c.notAfter().getEpochSecond() - now.getEpochSecond());
            cert.put("expired", c.expiredAt(now));
            certs.add(cert);
        }
        status.put("certificates", certs);
        return Json.write(status);
    }
}
