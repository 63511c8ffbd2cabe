package io.tlsecho.cli;

import io.tlsecho.json.Json;
import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.tls.NegotiatedSession;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints what a handshake agreed, for people ({@code --show-session}) or scripts ({@code --json}). */
final class SessionReport {

    private SessionReport() {
    }

    static void text(NegotiatedSession s, PrintWriter out) {
        s.fields().forEach((label, value) -> out.printf("%-12s %s%n", label, value));
        List<CertificateInfo> chain = s.peerChain().stream().map(CertificateInfo::of).toList();
        for (int i = 0; i < chain.size(); i++) {
            CertificateInfo c = chain.get(i);
            out.printf("certificate  %d%n", i);
            out.printf("  subject    %s%n", c.subject());
            out.printf("  issuer     %s%n", c.issuer());
            out.printf("  names      %s%n", NegotiatedSession.orNone(String.join(", ", c.subjectAlternativeNames())));
            out.printf("  valid      %s to %s%n", c.notBefore(), c.notAfter());
            out.printf("  key        %s%n", c.keyDescription());
            out.printf("  sha256     %s%n", c.sha256Fingerprint());
        }
        out.flush();
    }

    static Map<String, Object> json(NegotiatedSession s) {
        Map<String, Object> m = new LinkedHashMap<>(s.jsonFields());
        List<Object> chain = new ArrayList<>();
        for (CertificateInfo c : s.peerChain().stream().map(CertificateInfo::of).toList()) {
            Map<String, Object> cert = new LinkedHashMap<>();
            cert.put("subject", c.subject());
            cert.put("issuer", c.issuer());
            cert.put("san", c.subjectAlternativeNames());
            cert.put("not_before", c.notBefore().toString());
            cert.put("not_after", c.notAfter().toString());
            cert.put("key", c.keyDescription());
            cert.put("sha256", c.sha256Fingerprint());
            chain.add(cert);
        }
        m.put("peer_chain", chain);
        return m;
    }

    static String jsonText(Map<String, Object> m) {
        return Json.write(m);
    }
}
