package io.tlsecho.testbed;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.KeyType;
import io.tlsecho.pki.PkiException;
import io.tlsecho.pki.Revocations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The testbed's certificates: a root (written as {@code DIR/ca.crt}) and its intermediate, which
 * issues every scenario's leaf; another root for {@code untrusted-root}; a client certificate
 * from the root ({@code DIR/client.crt}, {@code DIR/client.key}).
 */
final class TestbedPki {

    static final Duration DAY = Duration.ofDays(1);

    /** The OID of {@code unknown-critical-extension}'s extension: under the private arc, meaning nothing. */
    static final String UNKNOWN_EXTENSION = "1.3.6.1.4.1.99999.17.1";

    private final HeldCertificate root;
    private final HeldCertificate intermediate;
    private final Revocations revocations;
    private final String responder;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private TestbedPki(HeldCertificate root, HeldCertificate intermediate, Revocations revocations, String responder) {
        this.root = root;
        this.intermediate = intermediate;
        this.revocations = revocations;
        this.responder = responder;
    }

    /**
     * A root and its intermediate, both known to {@code revocations} (as {@code root} and {@code intermediate});
     * every certificate issued carries its CRL and OCSP locations under {@code responder} ({@code http://host:port}).
     */
    static TestbedPki create(Revocations revocations, String responder) {
        HeldCertificate root = HeldCertificate.builder().commonName("tlsecho testbed root")
                .certificateAuthority(true).days(30).build();
        HeldCertificate intermediate = Revocation.pointers(HeldCertificate.builder(), responder, "root")
                .commonName("tlsecho testbed intermediate").certificateAuthority(true).days(30).signedBy(root).build();
        revocations.addAuthority("root", root);
        revocations.addAuthority("intermediate", intermediate);
        // The intermediate answers OCSP for its leaves itself; the root through a delegated responder.
        revocations.delegateOcsp("root", Revocation.ocspResponder("tlsecho testbed root OCSP responder", root));
        return new TestbedPki(root, intermediate, revocations, responder);
    }

    Revocations revocations() {
        return revocations;
    }

    HeldCertificate root() {
        return root;
    }

    /**
     * Writes {@code dir/ca.crt} (the root), {@code dir/intermediate.crt} (the CA of every leaf) and
     * {@code dir/client.crt}, {@code dir/client.key}, replacing them.
     */
    void write(Path dir) throws PkiException {
        HeldCertificate client = Revocation.pointers(HeldCertificate.builder(), responder, "root").commonName("tlsecho testbed client").clientAuth(true)
                .days(30).signedBy(root).build();
        client.writeTo(dir.resolve("client.crt"), dir.resolve("client.key"), true);
        root.writeCertificateTo(dir.resolve("ca.crt"), true);
        intermediate.writeCertificateTo(dir.resolve("intermediate.crt"), true);
    }

    /** The key and chain the scenario's server presents. */
    HeldCertificate identity(Scenario scenario) throws PkiException {
        return switch (scenario) {
            case EXPIRED -> sent(leaf(scenario).notBefore(now.minus(DAY.multipliedBy(30))).notAfter(now.minus(DAY)).build());
            case NOT_YET_VALID -> sent(leaf(scenario).notBefore(now.plus(DAY)).days(30).build());
            case WRONG_HOST -> sent(HeldCertificate.builder().commonName("wrong.host.invalid")
                    .addSubjectAlternativeName("wrong.host.invalid").days(30).signedBy(intermediate).build());
            case SELF_SIGNED -> localhost(HeldCertificate.builder(), scenario).days(30).build();
            case UNTRUSTED_ROOT -> untrustedChain(scenario);
            case INCOMPLETE_CHAIN -> {
                HeldCertificate leaf = leaf(scenario).build();
                yield HeldCertificate.of(leaf.privateKey(), List.of(leaf.certificate()));
            }
            case RSA_1024 -> sent(leaf(scenario).keyType(KeyType.RSA_1024).build());
            case SHA1_SIGNATURE -> sent(leaf(scenario).sha1Signature(true).build());
            case REVOKED_CRL, REVOKED_OCSP, OCSP_STAPLED_GOOD, OCSP_STAPLED_REVOKED, OCSP_STAPLED_EXPIRED,
                    MUST_STAPLE_MISSING -> Revocation.identity(scenario, this);
            default -> ChainFlaws.identity(scenario, this);
        };
    }

    HeldCertificate intermediate() {
        return intermediate;
    }

    Instant now() {
        return now;
    }

    /**
     * A leaf for localhost, 127.0.0.1 and {@code scenario}'s single-port name from the intermediate, valid for 30
     * days from now.
     */
    HeldCertificate.Builder leaf(Scenario scenario) {
        return Revocation.pointers(localhost(HeldCertificate.builder(), scenario), responder, "intermediate").days(30)
                .signedBy(intermediate);
    }

    /** {@code no-san}'s leaf as the single port sends it: its CN is the name the client asked for, and no SAN. */
    HeldCertificate noSan(String commonName) throws PkiException {
        return sent(HeldCertificate.builder().commonName(commonName).days(30).signedBy(intermediate).build());
    }

    /** A CA certificate named {@code commonName}, valid for 30 days, signed by {@code issuer}. */
    static HeldCertificate.Builder ca(String commonName, HeldCertificate issuer) {
        return HeldCertificate.builder().commonName(commonName).certificateAuthority(true).days(30).signedBy(issuer);
    }

    /** {@code b} for localhost, 127.0.0.1, and the name that chooses {@code scenario} on the single port. */
    static HeldCertificate.Builder localhost(HeldCertificate.Builder b, Scenario scenario) {
        return b.commonName("localhost").addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName(SinglePort.serverName(scenario));
    }

    /** Leaf, then intermediate, without the root: what a server usually sends. */
    static HeldCertificate sent(HeldCertificate leaf) throws PkiException {
        return HeldCertificate.of(leaf.privateKey(), leaf.chain().subList(0, leaf.chain().size() - 1));
    }

    private static HeldCertificate untrustedChain(Scenario scenario) {
        HeldCertificate otherRoot = HeldCertificate.builder().commonName("tlsecho untrusted root")
                .certificateAuthority(true).days(30).build();
        HeldCertificate otherIntermediate = HeldCertificate.builder().commonName("tlsecho untrusted intermediate")
                .certificateAuthority(true).days(30).signedBy(otherRoot).build();
        return localhost(HeldCertificate.builder(), scenario).days(30).signedBy(otherIntermediate).build();
    }
}
