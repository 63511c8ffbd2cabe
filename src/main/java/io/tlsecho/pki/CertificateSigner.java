package io.tlsecho.pki;

import io.tlsecho.log.Messages;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/** Generates key pairs and issues X.509 certificates for {@link HeldCertificate.Builder}. */
final class CertificateSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateSigner() {}

    static KeyPair generateKeyPair(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.algorithm());
            switch (type.algorithm()) {
                case "EC" -> generator.initialize(new ECGenParameterSpec("secp" + type.bits() + "r1"), RANDOM);
                case "RSA" -> generator.initialize(type.bits(), RANDOM);
                default -> { } // the algorithm fixes the size
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + type + " keys: " + Messages.of(e), e);
        }
    }

    /** Whether {@code name} is an IPv4 or IPv6 literal (checked textually; never looked up). */
    static boolean isIpLiteral(String name) {
        return IPAddress.isValidIPv4(name) || IPAddress.isValidIPv6(name);
    }

    /**
     * Issues the certificate that {@code request} describes for {@code subjectKey}: signed by the request's issuer,
     * or by {@code selfKey} when it has none.
     */
    static X509Certificate issue(HeldCertificate.Builder request, PublicKey subjectKey, PrivateKey selfKey,
            Instant notBefore, Instant notAfter) {
        String commonName = request.commonName;
        List<String> sans = request.subjectAlternativeNames;
        boolean ca = request.certificateAuthority;
        Boolean clientAuth = request.clientAuth;
        HeldCertificate issuer = request.issuer;
        PrivateKey signingKey = issuer == null ? selfKey : issuer.privateKey();
        try {
            X500Principal subject = new X500Principal(
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build().getEncoded());
            X500Principal issuerName = issuer == null ? subject : issuer.certificate().getSubjectX500Principal();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            boolean rsa = "RSA".equals(subjectKey.getAlgorithm());
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
                if (issuer != null) {
                    int usage = KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0);
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                }
                if (issuer != null || clientAuth != null) {
                    KeyPurposeId purpose = Boolean.TRUE.equals(clientAuth)
                            ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth;
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                }
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        new AuthorityKeyIdentifier(keyIdentifier(issuer.certificate(), utils)));
            }
            if (!sans.isEmpty()) {
                GeneralName[] names = new GeneralName[sans.size()];
                for (int i = 0; i < names.length; i++) {
                    String san = sans.get(i);
                    names[i] = new GeneralName(isIpLiteral(san) ? GeneralName.iPAddress : GeneralName.dNSName, san);
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            for (Extension extension : request.extensions) {
                if (builder.hasExtension(extension.getExtnId())) {
                    builder.replaceExtension(extension);
                } else {
                    builder.addExtension(extension);
                }
            }
            String algorithm = Keys.signatureAlgorithm(signingKey);
            if (request.sha1Signature) {
                if (!algorithm.startsWith("SHA256with")) {
                    throw new IllegalArgumentException("sha1Signature: a " + signingKey.getAlgorithm()
                            + " issuer key cannot sign with SHA-1 (expected: RSA, EC or DSA)");
                }
                algorithm = algorithm.replace("SHA256with", "SHA1with");
            }
            var signer = new JcaContentSignerBuilder(algorithm).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue certificate for CN=" + commonName + ": " + Messages.of(e), e);
        }
    }

    private static byte[] keyIdentifier(X509Certificate issuer, JcaX509ExtensionUtils utils) {
        byte[] extension = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension != null) {
            return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets())
                    .getKeyIdentifier();
        }
        return utils.createSubjectKeyIdentifier(issuer.getPublicKey()).getKeyIdentifier();
    }

    /** A random positive serial number of at most 127 bits. */
    private static BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(127, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }
}
