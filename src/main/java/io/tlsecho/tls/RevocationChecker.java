package io.tlsecho.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that no certificate of the server's chain is revoked by asking every source each names (the leaf's staple,
 * then OCSP, then CRLs), where any "revoked" refuses the chain and a silent source is a warning when soft, a
 * refusal when strict.
 */
public final class RevocationChecker {

    private final RevocationPolicy policy;
    private final List<X509Certificate> anchors;
    private final RevocationFetch fetch;

    /** Checks as {@code policy} says; {@code anchors} are the trusted certificates that may issue the last one sent. */
    public RevocationChecker(RevocationPolicy policy, List<X509Certificate> anchors) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.anchors = List.copyOf(anchors);
        this.fetch = new RevocationFetch(policy.timeout());
    }

    public RevocationPolicy policy() {
        return policy;
    }

    /**
     * Checks {@code chain} (leaf first, as the server sent it) with the server's stapled OCSP response (or null).
     *
     * @return the one-line warning of a soft check that could not ask every source, or null
     * @throws RevocationException when a certificate is revoked, the staple is bad or missing where the leaf
     *     requires one, or (strict) a source gave no answer
     */
    public String check(List<X509Certificate> chain, byte[] staple) throws RevocationException {
        Instant now = Instant.now();
        List<String> unanswered = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            if (anchors.contains(certificate) || selfIssued(certificate)) {
                break;
            }
            String who = (i == 0 ? "server certificate " : "server's intermediate certificate ") + describe(certificate);
            X509Certificate issuer = issuer(certificate, chain.subList(i + 1, chain.size()));
            if (issuer == null) {
                unanswered.add(who + ": its issuer is not known");
                continue;
            }
            List<RevocationStatus> answers = new ArrayList<>();
            if (i == 0) {
                stapled(staple, certificate, issuer, now, who).ifPresent(answers::add);
            }
            RevocationPointers.ocsp(certificate).forEach(url -> answers.add(OcspCheck.ask(url, certificate, issuer, now,
                    fetch)));
            RevocationPointers.crl(certificate).forEach(url -> answers.add(CrlCheck.check(url, certificate, issuer, now,
                    fetch)));
            for (RevocationStatus a : answers) {
                if (a.state() == RevocationStatus.State.REVOKED) {
                    throw new RevocationException(RevocationException.Reason.REVOKED, who + " is revoked ("
                            + a.revocation() + ")");
                }
            }
            if (answers.isEmpty()) {
                unanswered.add(who + ": it names no OCSP responder or CRL");
            }
            List<String> failures = answers.stream().filter(a -> a.state() == RevocationStatus.State.UNAVAILABLE)
                    .map(RevocationStatus::failure).toList();
            if (!failures.isEmpty()) {
                unanswered.add(who + ": " + String.join(", ", failures));
            }
        }
        if (unanswered.isEmpty()) {
            return null;
        }
        if (policy.mode() == RevocationPolicy.Mode.STRICT) {
            throw new RevocationException(RevocationException.Reason.UNKNOWN, "cannot establish the revocation status of the "
                    + String.join("; ", unanswered) + " (strict revocation checking)");
        }
        return "revocation not checked everywhere, going on (soft-fail): " + String.join("; ", unanswered);
    }

    /** The staple's answer, checked now: a bad or missing one (under must-staple) refuses the chain in any mode. */
    private static Optional<RevocationStatus> stapled(byte[] staple, X509Certificate leaf,
                                                                X509Certificate issuer, Instant now, String who)
            throws RevocationException {
        if (staple == null || staple.length == 0) {
            if (RevocationPointers.mustStaple(leaf)) {
                throw new RevocationException(RevocationException.Reason.UNKNOWN, "the " + who + " requires a stapled"
                        + " OCSP response (TLS feature status_request, \"must staple\"), and the server stapled none");
            }
            return Optional.empty();
        }
        RevocationStatus answer = OcspCheck.staple(staple, leaf, issuer, now);
        if (answer.state() == RevocationStatus.State.UNAVAILABLE) {
            throw new RevocationException(RevocationException.Reason.UNKNOWN, "the server stapled a bad OCSP response"
                    + " for its certificate " + describe(leaf) + ": " + answer.problem());
        }
        return Optional.of(answer);
    }

    /** The certificate that signed {@code certificate}: one sent after it, else a trusted one; null if none. */
    private X509Certificate issuer(X509Certificate certificate, List<X509Certificate> rest) {
        List<X509Certificate> candidates = new ArrayList<>(rest);
        candidates.addAll(anchors);
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(c.getPublicKey());
                    return c;
                } catch (GeneralSecurityException e) {
                    // another certificate of the same name may be the one
                }
            }
        }
        return null;
    }

    private static boolean selfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    /** "CN=localhost (serial 0x1f)". */
    static String describe(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName() + " (serial " + serial(certificate) + ")";
    }

    static String serial(X509Certificate certificate) {
        return "0x" + certificate.getSerialNumber().toString(16);
    }
}
