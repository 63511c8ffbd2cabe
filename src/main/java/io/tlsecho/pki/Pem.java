package io.tlsecho.pki;

import io.tlsecho.log.Messages;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads certificates and private keys from PEM (or DER) files and writes PEM text. */
public final class Pem {

    private Pem() {}

    /**
     * Reads all certificates of a PEM file, in file order, or the single certificate of a DER file.
     *
     * @throws PkiException MALFORMED if the file holds no certificate
     */
    public static List<X509Certificate> readCertificates(Path file) throws PkiException {
        byte[] data = PkiFiles.read(file, "certificate file");
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            if (PkiFiles.looksLikePem(data)) {
                // Plain JDK parsing here: certificates are read on every start, and BouncyCastle
                // costs a client's start-up time. Keys, rarer and in more forms, use BouncyCastle.
                for (byte[] der : blocks(new String(data, StandardCharsets.US_ASCII), "CERTIFICATE")) {
                    certificates.add(toX509(der));
                }
            } else if (data.length > 0) {
                certificates.add(toX509(data));
            }
        } catch (CertificateException | RuntimeException e) {
            throw new PkiException(PkiException.Kind.MALFORMED,
                    "certificate file " + file + " is not a valid PEM or DER certificate: " + Messages.of(e), e);
        }
        if (certificates.isEmpty()) {
            throw new PkiException(PkiException.Kind.MALFORMED, "no certificate found in " + file);
        }
        return certificates;
    }

    /** The DER contents of each {@code -----BEGIN type-----} block of {@code pem}, in order. */
    static List<byte[]> blocks(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = pem.indexOf(begin, from);
            if (b < 0) {
                return out;
            }
            int e = pem.indexOf(end, b);
            if (e < 0) {
                throw new IllegalArgumentException("'" + begin + "' without '" + end + "'");
            }
            out.add(Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e)));
            from = e + end.length();
        }
    }

    /**
     * Reads the first private key of a PEM file: PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY"),
     * SEC1 ("EC PRIVATE KEY", optionally after "EC PARAMETERS"), encrypted PKCS#8
     * ("ENCRYPTED PRIVATE KEY") or legacy OpenSSL encryption ("Proc-Type: 4,ENCRYPTED").
     * A file that is not PEM is read as DER PKCS#8.
     *
     * @param password the password of an encrypted key; may be null for an unencrypted key
     * @throws PkiException BAD_PASSWORD if the key is encrypted and the password is missing or wrong,
     *     MALFORMED if the file holds no private key
     */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws PkiException {
        return PemKeys.read(file, password);
    }

    /** Encodes DER bytes as a PEM block of the given type (e.g. "CERTIFICATE"), 64 columns, ending in a newline. */
    public static String encode(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    /** Parses DER bytes into a JDK certificate. */
    static X509Certificate toX509(byte[] der) throws CertificateException {
        Certificate certificate = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        return (X509Certificate) certificate;
    }
}
