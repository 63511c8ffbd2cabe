package io.tlsecho.tls;

import java.security.cert.CRLReason;
import java.time.Instant;
import java.util.Locale;

/**
 * What one source (a stapled OCSP response, an OCSP responder, a CRL) said of one certificate.
 *
 * @param state good, revoked, or unavailable (the source could not be reached or gave no valid answer)
 * @param source the source, e.g. {@code OCSP http://127.0.0.1:8080/ocsp} or {@code the stapled OCSP response}
 * @param revokedAt when it was revoked, or null
 * @param reason the revocation reason ({@code keyCompromise}), or null
 * @param problem why the source gave no answer, or null
 */
record RevocationStatus(State state, String source, Instant revokedAt, String reason, String problem) {

    /** The answer of a source. */
    enum State { GOOD, REVOKED, UNAVAILABLE }

    static RevocationStatus good(String source) {
        return new RevocationStatus(State.GOOD, source, null, null, null);
    }

    static RevocationStatus revoked(String source, Instant at, CRLReason reason) {
        return new RevocationStatus(State.REVOKED, source, at, reason == null ? null : name(reason), null);
    }

    static RevocationStatus unavailable(String source, String problem) {
        return new RevocationStatus(State.UNAVAILABLE, source, null, null, problem);
    }

    /** The reason as RFC 5280 spells it: {@code KEY_COMPROMISE} is {@code keyCompromise}. */
    private static String name(CRLReason reason) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : reason.name().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** "CRL http://..., revoked 2026-01-01T00:00:00Z, keyCompromise". */
    String revocation() {
        return source + ", revoked " + (revokedAt == null ? "at an unknown time" : revokedAt)
                + (reason == null ? "" : ", " + reason);
    }

    /** "OCSP http://...: connection refused". */
    String failure() {
        return source + ": " + problem;
    }
}
