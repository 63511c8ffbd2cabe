package io.tlsecho.testbed;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;

/** The chains of the scenarios whose flaw is in a certificate's extensions or in the intermediates. */
final class ChainFlaws {

    private static final int HUGE_CHAIN_INTERMEDIATES = 12;
    private static final int MANY_SANS = 1000;

    private ChainFlaws() {
    }

    /** What the server of {@code scenario} sends: leaf and intermediates, without the root. */
    static HeldCertificate identity(Scenario scenario, TestbedPki pki) throws PkiException {
        HeldCertificate root = pki.root();
        return switch (scenario) {
            case WRONG_EKU -> TestbedPki.sent(pki.leaf(scenario).clientAuth(true).build());
            case ISSUER_NOT_CA -> issuerNotCa(pki, scenario);
            case PATHLEN_EXCEEDED -> {
                HeldCertificate first = TestbedPki.ca("tlsecho testbed intermediate (pathlen 0)", root)
                        .extension(extension(Extension.basicConstraints, true, new BasicConstraints(0))).build();
                HeldCertificate second = TestbedPki.ca("tlsecho testbed second intermediate", first).build();
                yield TestbedPki.sent(TestbedPki.localhost(HeldCertificate.builder(), scenario).days(30).signedBy(second).build());
            }
            case NAME_CONSTRAINTS -> {
                GeneralSubtree permitted = new GeneralSubtree(new GeneralName(GeneralName.dNSName, "example.test"));
                HeldCertificate constrained = TestbedPki.ca("tlsecho testbed intermediate (example.test only)", root)
                        .extension(extension(Extension.nameConstraints, true,
                                new NameConstraints(new GeneralSubtree[] {permitted}, null))).build();
                yield TestbedPki.sent(TestbedPki.localhost(HeldCertificate.builder(), scenario).days(30)
                        .signedBy(constrained).build());
            }
            case UNKNOWN_CRITICAL_EXTENSION -> TestbedPki.sent(pki.leaf(scenario).extension(extension(
                    new ASN1ObjectIdentifier(TestbedPki.UNKNOWN_EXTENSION), true, DERNull.INSTANCE)).build());
            case BAD_KEY_USAGE -> TestbedPki.sent(pki.leaf(scenario).extension(extension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyEncipherment))).build());
            case EXPIRED_INTERMEDIATE -> {
                HeldCertificate expired = TestbedPki.ca("tlsecho testbed expired intermediate", root)
                        .notBefore(pki.now().minus(TestbedPki.DAY.multipliedBy(30)))
                        .notAfter(pki.now().minus(TestbedPki.DAY)).build();
                yield TestbedPki.sent(TestbedPki.localhost(HeldCertificate.builder(), scenario).days(30)
                        .signedBy(expired).build());
            }
            case NO_SAN -> TestbedPki.sent(HeldCertificate.builder().commonName("localhost").days(30)
                    .signedBy(pki.intermediate()).build());
            case HUGE_CHAIN -> {
                HeldCertificate issuer = root;
                for (int i = 1; i <= HUGE_CHAIN_INTERMEDIATES; i++) {
                    issuer = TestbedPki.ca("tlsecho testbed intermediate " + i + " of " + HUGE_CHAIN_INTERMEDIATES,
                            issuer).build();
                }
                yield TestbedPki.sent(TestbedPki.localhost(HeldCertificate.builder(), scenario).days(30).signedBy(issuer).build());
            }
            case MANY_SANS -> {
                HeldCertificate.Builder b = HeldCertificate.builder().commonName("localhost").days(30)
                        .signedBy(pki.intermediate());
                for (int i = 1; i <= MANY_SANS - 3; i++) {
                    b.addSubjectAlternativeName("name-" + i + ".example.test");
                }
                yield TestbedPki.sent(b.addSubjectAlternativeName(SinglePort.serverName(scenario))
                        .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").build());
            }
            default -> TestbedPki.sent(pki.leaf(scenario).build());
        };
    }

    /**
     * A leaf from an intermediate whose certificate says CA:false: the intermediate's key signs the leaf, then
     * gets a second certificate, with the same name and key, that is not a CA's.
     */
    private static HeldCertificate issuerNotCa(TestbedPki pki, Scenario scenario) throws PkiException {
        String name = "tlsecho testbed intermediate (CA:false)";
        HeldCertificate signing = TestbedPki.ca(name, pki.root()).build();
        HeldCertificate leaf = TestbedPki.localhost(HeldCertificate.builder(), scenario).days(30).signedBy(signing).build();
        HeldCertificate notCa = HeldCertificate.builder().commonName(name).keyPair(signing.keyPair()).days(30)
                .signedBy(pki.root()).build();
        List<java.security.cert.X509Certificate> chain = new ArrayList<>();
        chain.add(leaf.certificate());
        chain.add(notCa.certificate());
        return HeldCertificate.of(leaf.privateKey(), chain);
    }

    static Extension extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
