package io.tlsecho.testbed;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** One listener of the testbed: a certificate or setting with (at most) one flaw, and what a correct client does. */
public enum Scenario {
    GOOD("good", Expect.ACCEPT, "a valid chain for localhost and 127.0.0.1 from DIR/ca.crt's root"),
    EXPIRED("expired", Expect.REJECT, "the certificate expired yesterday"),
    NOT_YET_VALID("not-yet-valid", Expect.REJECT, "the certificate is valid from tomorrow"),
    WRONG_HOST("wrong-host", Expect.REJECT, "the certificate names only wrong.host.invalid"),
    SELF_SIGNED("self-signed", Expect.REJECT, "a self-signed certificate, not from the root"),
    UNTRUSTED_ROOT("untrusted-root", Expect.REJECT, "a whole chain from another root"),
    INCOMPLETE_CHAIN("incomplete-chain", Expect.REJECT, "the server does not send the intermediate"),
    RSA_1024("rsa-1024", Expect.REJECT, "a 1024-bit RSA key (below OpenSSL's security level 2)"),
    SHA1_SIGNATURE("sha1-signature", Expect.REJECT, "the certificate is signed with SHA-1"),
    CLIENT_CERT_REQUIRED("client-cert-required", Expect.REJECT,
            "the server requires a client certificate: accept with DIR/client.crt and DIR/client.key, reject without"),
    TLS12_ONLY("tls1.2-only", Expect.ACCEPT, "the server speaks TLS 1.2 only"),
    TLS13_ONLY("tls1.3-only", Expect.ACCEPT, "the server speaks TLS 1.3 only"),
    HELLO("hello", Expect.ACCEPT, "answers with one JSON line describing the client's ClientHello, then closes"),
    WRONG_EKU("wrong-eku", Expect.REJECT, "the leaf's extendedKeyUsage is clientAuth only"),
    ISSUER_NOT_CA("issuer-not-ca", Expect.REJECT, "the intermediate has basicConstraints CA:false"),
    PATHLEN_EXCEEDED("pathlen-exceeded", Expect.REJECT,
            "the intermediate's pathLenConstraint is 0, yet a second intermediate follows it"),
    NAME_CONSTRAINTS("name-constraints", Expect.REJECT, "the intermediate permits only example.test; the leaf is localhost"),
    UNKNOWN_CRITICAL_EXTENSION("unknown-critical-extension", Expect.REJECT,
            "the leaf has an extension no client knows (OID " + TestbedPki.UNKNOWN_EXTENSION + "), marked critical"),
    BAD_KEY_USAGE("bad-key-usage", Expect.REJECT, "the leaf's keyUsage is keyEncipherment only, no digitalSignature"),
    EXPIRED_INTERMEDIATE("expired-intermediate", Expect.REJECT, "the intermediate expired yesterday; the leaf is valid"),
    NO_SAN("no-san", Expect.REJECT, "CN=localhost and no subjectAltName: RFC 6125 clients reject; "
            + "OpenSSL's host check (s_client -verify_hostname, curl) still falls back to the CN and accepts"),
    HUGE_CHAIN("huge-chain", Expect.ACCEPT, "a valid chain of 12 intermediates"),
    MANY_SANS("many-sans", Expect.ACCEPT, "a leaf with 1,000 subjectAltNames, the last being localhost"),
    REVOKED_CRL("revoked-crl", Expect.REJECT, List.of("revocation"), Duration.ZERO,
            "the leaf is on the intermediate's CRL; OCSP says good (a client that checks only OCSP passes it)"),
    REVOKED_OCSP("revoked-ocsp", Expect.REJECT, List.of("revocation"), Duration.ZERO,
            "OCSP says the leaf is revoked; the CRL does not list it"),
    OCSP_STAPLED_GOOD("ocsp-stapled-good", Expect.ACCEPT, "the server staples a good OCSP response"),
    OCSP_STAPLED_REVOKED("ocsp-stapled-revoked", Expect.REJECT, List.of("stapling"), Duration.ZERO,
            "the server staples an OCSP response saying revoked (OCSP says so too; the CRL does not list it)"),
    OCSP_STAPLED_EXPIRED("ocsp-stapled-expired", Expect.REJECT, List.of("stapling"), Duration.ZERO,
            "the stapled OCSP response is past its nextUpdate (yesterday); OCSP itself says good"),
    MUST_STAPLE_MISSING("must-staple-missing", Expect.REJECT, List.of("stapling"), Duration.ZERO,
            "the leaf has the TLS feature status_request (must-staple), and nothing is stapled"),
    HANG_AFTER_HELLO("hang-after-hello", Expect.TIMEOUT, List.of(), Duration.ofSeconds(3),
            "reads the ClientHello, never answers"),
    HANG_AFTER_ACCEPT("hang-after-accept", Expect.TIMEOUT, List.of(), Duration.ofSeconds(3),
            "accepts the connection, never reads"),
    TRICKLE("trickle", Expect.TIMEOUT, List.of(), Duration.ofSeconds(3),
            "sends its handshake one byte per 10 ms (its first flight takes about 10 s): a client with a 3 s "
                    + "timeout fails, one with 60 s succeeds"),
    TCP_FRAGMENTS("tcp-fragments", Expect.ACCEPT, "every byte of every TLS record in its own TCP segment: "
            + "a client must reassemble"),
    NO_CLOSE_NOTIFY("no-close-notify", Expect.TRUNCATION, "echoes, then closes TCP without close_notify: a client "
            + "that reads to the end must report truncation"),
    RESET_MID_HANDSHAKE("reset-mid-handshake", Expect.REJECT, "sends its ServerHello, then a TCP reset");

    /** What a correct client does. */
    public enum Expect {
        /** Completes the handshake and the echo. */
        ACCEPT,
        /** Refuses the certificate or the handshake. */
        REJECT,
        /** Gives up after its timeout: the server never finishes the handshake in time. */
        TIMEOUT,
        /** Reports that the stream was cut (no close_notify) rather than a clean end. */
        TRUNCATION;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String scenarioName;
    private final Expect expect;
    private final String why;
    private final List<String> requires;
    private final Duration timeout;

    Scenario(String scenarioName, Expect expect, String why) {
        this(scenarioName, expect, List.of(), Duration.ZERO, why);
    }

    Scenario(String scenarioName, Expect expect, List<String> requires, Duration timeout, String why) {
        this.scenarioName = scenarioName;
        this.expect = expect;
        this.requires = requires;
        this.timeout = timeout;
        this.why = why;
    }

    /** The name shown to users, e.g. {@code not-yet-valid}. */
    public String scenarioName() {
        return scenarioName;
    }

    /** What a correct client does (without a client certificate). */
    public Expect expect() {
        return expect;
    }

    /**
     * What a client must have turned on to detect the flaw ({@code "revocation"}, {@code "stapling"}); empty when
     * any client should.
     */
    public List<String> requires() {
        return requires;
    }

    /** The client timeout with which {@link #expect()} holds; zero when it does not matter. */
    public Duration timeout() {
        return timeout;
    }

    /** The flaw, or what the listener does, in a few words. */
    public String why() {
        return why;
    }

    /** {@link #why()} with the files it names ({@code DIR/ca.crt}...) at their paths under {@code dir}. */
    public String why(java.nio.file.Path dir) {
        return why.replace("DIR/", dir + java.io.File.separator);
    }
}
