package io.tlsecho.testbed;

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
    HELLO("hello", Expect.ACCEPT, "answers with one JSON line describing the client's ClientHello, then closes");

    /** What a correct client does. */
    public enum Expect {
        ACCEPT, REJECT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String scenarioName;
    private final Expect expect;
    private final String why;

    Scenario(String scenarioName, Expect expect, String why) {
        this.scenarioName = scenarioName;
        this.expect = expect;
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

    /** The flaw, or what the listener does, in a few words. */
    public String why() {
        return why;
    }
}
