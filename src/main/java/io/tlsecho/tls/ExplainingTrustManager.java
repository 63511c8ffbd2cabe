package io.tlsecho.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.CertificateVerifier;
import io.tlsecho.pki.CertificateInfo;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, with its failures reworded: who issued the refused certificate,
 * which names it holds, how far its dates are off, and what the user can do about it.
 */
public final class ExplainingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final String peer;
    private final String trustSource;

    private ExplainingTrustManager(X509ExtendedTrustManager delegate, String peer, String trustSource) {
        this.delegate = delegate;
        this.peer = peer;
        this.trustSource = trustSource;
    }

    /**
     * Trusts {@code anchors} (null: the system's trust store); {@code peer} names the other side in
     * messages ("server" or "client"), {@code trustSource} says where the anchors came from.
     */
    public static ExplainingTrustManager of(List<X509Certificate> anchors, String peer, String trustSource) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (anchors == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                for (int i = 0; i < anchors.size(); i++) {
                    ks.setCertificateEntry("anchor-" + i, anchors.get(i));
                }
                tmf.init(ks);
            }
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new ExplainingTrustManager(x, peer, trustSource);
                }
            }
            throw new IllegalStateException("no X509ExtendedTrustManager from " + tmf.getAlgorithm());
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust manager: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(() -> delegate.checkServerTrusted(chain, authType, engine), chain, requestedName(engine), engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(() -> delegate.checkClientTrusted(chain, authType, engine), chain, null, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(() -> delegate.checkServerTrusted(chain, authType, socket), chain, null, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(() -> delegate.checkClientTrusted(chain, authType, socket), chain, null, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(() -> delegate.checkClientTrusted(chain, authType), chain, null, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(() -> delegate.checkServerTrusted(chain, authType), chain, null, null);
    }

    /** One of the delegate's checks. */
    private interface Check {
        void run() throws CertificateException;
    }

    /** Runs {@code check}; a refusal is reworded, and given an X509 error code for an OpenSSL engine. */
    private void check(Check check, X509Certificate[] chain, String requested, SSLEngine engine)
            throws CertificateException {
        String weakness = SecurityLevel.weakness(chain, peer);
        if (weakness != null) {
            throw forEngine(new PeerCertificateException(PeerCertificateException.Reason.WEAK, weakness, null), engine);
        }
        try {
            check.run();
        } catch (CertificateException e) {
            throw forEngine(explain(chain, e, requested), engine);
        }
        if (checksHostname(engine) && chain.length > 0 && CertificateInfo.of(chain[0]).subjectAlternativeNames().isEmpty()) {
            // The JDK still matches the CN when there is no subjectAltName; RFC 6125 (6.4.4) and browsers do not.
            throw forEngine(new PeerCertificateException(PeerCertificateException.Reason.HOSTNAME,
                    PeerCertificateException.Remedy.USE_ITS_NAME, "the " + peer + "'s certificate "
                    + chain[0].getSubjectX500Principal().getName() + " has no subjectAltName: a name only in the CN "
                    + "is not matched (RFC 6125)", null), engine);
        }
    }

    private static boolean checksHostname(SSLEngine engine) {
        return engine != null && engine.getUseClientMode()
                && "HTTPS".equalsIgnoreCase(engine.getSSLParameters().getEndpointIdentificationAlgorithm());
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /**
     * For OpenSSL, carries the reason as an X509 error code, so that the alert sent to the peer
     * says what was wrong (unknown_ca, certificate_expired, bad_certificate) rather than
     * internal_error; the explanation stays in the cause chain.
     */
    private static CertificateException forEngine(PeerCertificateException e, SSLEngine engine) {
        if (!(engine instanceof ReferenceCountedOpenSslEngine)) {
            return e;
        }
        int code = switch (e.reason()) {
            case UNTRUSTED -> CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
            case HOSTNAME -> CertificateVerifier.X509_V_ERR_HOSTNAME_MISMATCH;
            case EXPIRED -> CertificateVerifier.X509_V_ERR_CERT_HAS_EXPIRED;
            case WEAK -> CertificateVerifier.X509_V_ERR_CERT_REJECTED;
            case USAGE -> CertificateVerifier.X509_V_ERR_INVALID_PURPOSE;
        };
        return new OpenSslCertificateException(e.getMessage(), e, code);
    }

    private PeerCertificateException explain(X509Certificate[] chain, CertificateException e, String requested) {
        X509Certificate leaf = chain.length > 0 ? chain[0] : null;
        String subject = leaf == null ? "(none)" : leaf.getSubjectX500Principal().getName();
        Throwable validity = findValidityProblem(e);
        if (validity != null && leaf != null) {
            X509Certificate bad = firstOutOfDate(chain);
            return new PeerCertificateException(PeerCertificateException.Reason.EXPIRED,
                    "the " + peer + "'s certificate " + bad.getSubjectX500Principal().getName() + " "
                            + datesProblem(bad, Instant.now()), e);
        }
        String text = String.valueOf(e.getMessage());
        if (leaf != null && (text.startsWith("No subject alternative") || text.startsWith("No name matching"))) {
            List<String> sans = CertificateInfo.of(leaf).subjectAlternativeNames();
            return new PeerCertificateException(PeerCertificateException.Reason.HOSTNAME,
                    PeerCertificateException.Remedy.USE_ITS_NAME,
                    "the " + peer + "'s certificate does not match the name "
                            + (requested == null ? "asked for" : "'" + requested + "'")
                            + ": its subjectAltNames are " + (sans.isEmpty() ? "absent (CN=" + subject + " only)" : sans), e);
        }
        if (leaf != null && usageProblem(e)) {
            // The JDK checks the leaf's (extended) key usage only once the chain is trusted: the chain is fine.
            return new PeerCertificateException(PeerCertificateException.Reason.USAGE,
                    "the " + peer + "'s certificate " + subject + " is not for TLS " + peer + " authentication: "
                            + usages(leaf), e);
        }
        if (chain.length > 0 && reachesAnchor(chain[chain.length - 1])) {
            // the chain does lead to a trusted root: the validator's own reason says what is wrong with it
            return new PeerCertificateException(PeerCertificateException.Reason.UNTRUSTED,
                    PeerCertificateException.Remedy.NONE, "the " + peer + "'s certificate " + subject
                    + " is not trusted: its chain reaches " + chain[chain.length - 1].getIssuerX500Principal().getName()
                    + " in " + trustSource + ", but is invalid: " + reason(e), e);
        }
        PeerCertificateException.Remedy remedy = remedy(chain);
        return new PeerCertificateException(PeerCertificateException.Reason.UNTRUSTED, remedy,
                untrusted(chain, subject), e);
    }

    /** Whether {@code certificate} is, or was issued by, one of the trusted certificates. */
    private boolean reachesAnchor(X509Certificate certificate) {
        for (X509Certificate anchor : delegate.getAcceptedIssuers()) {
            if (anchor.equals(certificate) || anchor.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of {@code e}: the validator's own reason. */
    private static String reason(Throwable e) {
        String message = null;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                message = c.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static boolean usageProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if ((m.contains("extended key usage") || m.contains("keyusage") || m.contains("key usage"))
                    && !m.contains("ca key usage")) {
                return true;
            }
        }
        return false;
    }

    /** "its extended key usage allows serverAuth only", as openssl x509 -purpose would show it. */
    static String usages(X509Certificate leaf) {
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku != null) {
                List<String> names = eku.stream().map(ExplainingTrustManager::purpose).toList();
                return "its extended key usage allows " + String.join(", ", names) + " only";
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return "its extended key usage cannot be read";
        }
        return "its key usage does not allow it";
    }

    private static String purpose(String oid) {
        return switch (oid) {
            case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
            case "1.3.6.1.5.5.7.3.2" -> "clientAuth";
            case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
            case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
            case "1.3.6.1.5.5.7.3.8" -> "timeStamping";
            case "1.3.6.1.5.5.7.3.9" -> "OCSPSigning";
            default -> oid;
        };
    }

    private static PeerCertificateException.Remedy remedy(X509Certificate[] chain) {
        if (chain.length == 0) {
            return PeerCertificateException.Remedy.NONE;
        }
        X509Certificate last = chain[chain.length - 1];
        boolean selfSigned = last.getSubjectX500Principal().equals(last.getIssuerX500Principal());
        if (selfSigned) {
            return chain.length == 1 ? PeerCertificateException.Remedy.TRUST_CERTIFICATE
                    : PeerCertificateException.Remedy.TRUST_ROOT;
        }
        return chain.length == 1 ? PeerCertificateException.Remedy.TRUST_ISSUER_OR_SEND_INTERMEDIATE
                : PeerCertificateException.Remedy.TRUST_ISSUER;
    }

    /** Why a chain does not lead to a trusted root: self-signed, from another root, or missing its intermediate. */
    private String untrusted(X509Certificate[] chain, String subject) {
        String start = "the " + peer + "'s certificate " + subject + " is not trusted: ";
        if (chain.length == 0) {
            return start + "it sent no certificate";
        }
        X509Certificate last = chain[chain.length - 1];
        String lastIssuer = last.getIssuerX500Principal().getName();
        boolean selfSigned = last.getSubjectX500Principal().equals(last.getIssuerX500Principal());
        if (selfSigned && chain.length == 1) {
            return start + "it is self-signed, and not in " + trustSource;
        }
        if (selfSigned) {
            return start + "its chain ends at the root " + lastIssuer + ", which is not in " + trustSource;
        }
        if (chain.length == 1) {
            return start + "it was issued by " + lastIssuer + ", which is not in " + trustSource + " and which the "
                    + peer + " did not send (an incomplete chain, if that is an intermediate)";
        }
        return start + "it was issued by " + lastIssuer + ", which is not in " + trustSource;
    }

    private static Throwable findValidityProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return c;
            }
            if (c.getMessage() != null && c.getMessage().contains("validity check failed")) {
                return c;
            }
        }
        return null;
    }

    private static X509Certificate firstOutOfDate(X509Certificate[] chain) {
        Instant now = Instant.now();
        for (X509Certificate c : chain) {
            if (now.isAfter(c.getNotAfter().toInstant()) || now.isBefore(c.getNotBefore().toInstant())) {
                return c;
            }
        }
        return chain[0];
    }

    /** "expired on 2025-01-01T00:00:00Z (3 days ago)" or "is not valid until ... (in 2 days)". */
    public static String datesProblem(X509Certificate cert, Instant now) {
        Instant notAfter = cert.getNotAfter().toInstant();
        Instant notBefore = cert.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            return "expired on " + notAfter + " (" + human(Duration.between(notAfter, now)) + " ago)";
        }
        if (now.isBefore(notBefore)) {
            return "is not valid until " + notBefore + " (in " + human(Duration.between(now, notBefore)) + ")";
        }
        return "is valid from " + notBefore + " to " + notAfter;
    }

    static String human(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " hours";
        }
        if (d.toMinutes() >= 2) {
            return d.toMinutes() + " minutes";
        }
        return d.toSeconds() + " seconds";
    }

    private static String requestedName(SSLEngine engine) {
        if (engine == null) {
            return null;
        }
        String sni = Sessions.requestedServerName(engine.getHandshakeSession());
        return sni != null ? sni : engine.getPeerHost();
    }
}
