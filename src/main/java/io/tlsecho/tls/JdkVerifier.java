package io.tlsecho.tls;

import java.io.OutputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * Verifies BouncyCastle-parsed signatures (OCSP responses, responder certificates) with the JDK's
 * {@link Signature}, unlike BouncyCastle's JCA verifier builder, whose classes reach its whole provider.
 */
final class JdkVerifier implements ContentVerifierProvider {

    private final PublicKey key;

    private JdkVerifier(PublicKey key) {
        this.key = key;
    }

    static ContentVerifierProvider of(PublicKey key) {
        return new JdkVerifier(key);
    }

    @Override
    public boolean hasAssociatedCertificate() {
        return false;
    }

    @Override
    public X509CertificateHolder getAssociatedCertificate() {
        return null;
    }

    @Override
    public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
        Signature signature;
        try {
            if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm.getAlgorithm())) {
                signature = Signature.getInstance("RSASSA-PSS");
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
                parameters.init(algorithm.getParameters().toASN1Primitive().getEncoded());
                signature.setParameter(parameters.getParameterSpec(PSSParameterSpec.class));
            } else {
                signature = Signature.getInstance(new DefaultAlgorithmNameFinder().getAlgorithmName(algorithm));
            }
            signature.initVerify(key);
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw new OperatorCreationException("cannot verify " + algorithm.getAlgorithm() + " signatures", e);
        }
        return new ContentVerifier() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        try {
                            signature.update(bytes, offset, length);
                        } catch (SignatureException e) {
                            throw new RuntimeOperatorException("cannot verify: " + e.getMessage(), e);
                        }
                    }
                };
            }

            @Override
            public boolean verify(byte[] expected) {
                try {
                    return signature.verify(expected);
                } catch (SignatureException e) {
                    return false;
                }
            }
        };
    }
}
