package io.tlsecho.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

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
                    "certificate file " + file + " is not a valid PEM or DER certificate: " + e.getMessage(), e);
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
        byte[] data = PkiFiles.read(file, "key file");
        Object keyObject = null;
        try {
            if (PkiFiles.looksLikePem(data)) {
                try (PEMParser parser = parser(data)) {
                    for (Object o = parser.readObject(); o != null && keyObject == null; o = parser.readObject()) {
                        if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair
                                || o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                            keyObject = o;
                        }
                    }
                }
            } else if (data.length > 0) {
                keyObject = PrivateKeyInfo.getInstance(data);
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException(PkiException.Kind.MALFORMED,
                    "cannot read key file " + file + ": not a valid PEM or DER private key (" + e.getMessage() + ")", e);
        }
        if (keyObject == null) {
            throw new PkiException(PkiException.Kind.MALFORMED, "no private key found in " + file);
        }
        PrivateKeyInfo info = decrypt(keyObject, file, password);
        try {
            return Keys.toJdkKey(info);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new PkiException(PkiException.Kind.MALFORMED,
                    "cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKeyInfo decrypt(Object keyObject, Path file, char[] password) throws PkiException {
        if (keyObject instanceof PrivateKeyInfo) {
            return (PrivateKeyInfo) keyObject;
        }
        if (keyObject instanceof PEMKeyPair) {
            return ((PEMKeyPair) keyObject).getPrivateKeyInfo();
        }
        if (password == null) {
            throw new PkiException(PkiException.Kind.BAD_PASSWORD,
                    "cannot read key file " + file + ": it is encrypted; give --key-password");
        }
        BouncyCastleProvider bc = new BouncyCastleProvider();
        if (keyObject instanceof PKCS8EncryptedPrivateKeyInfo) {
            InputDecryptorProvider decryptor;
            try {
                decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bc).build(password);
            } catch (OperatorCreationException e) {
                throw new PkiException(PkiException.Kind.MALFORMED,
                        "cannot read key file " + file + ": unsupported encryption (" + e.getMessage() + ")", e);
            }
            try {
                return ((PKCS8EncryptedPrivateKeyInfo) keyObject).decryptPrivateKeyInfo(decryptor);
            } catch (PKCSException | RuntimeException e) {
                // A wrong password shows up as a padding error or, rarely, as garbage that fails to parse.
                throw new PkiException(PkiException.Kind.BAD_PASSWORD, "wrong password for key " + file, e);
            }
        }
        try {
            return ((PEMEncryptedKeyPair) keyObject)
                    .decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(bc).build(password))
                    .getPrivateKeyInfo();
        } catch (IOException | RuntimeException e) {
            throw new PkiException(PkiException.Kind.BAD_PASSWORD, "wrong password for key " + file, e);
        }
    }

    /** Encodes DER bytes as a PEM block of the given type (e.g. "CERTIFICATE"), 64 columns, ending in a newline. */
    public static String encode(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private static PEMParser parser(byte[] data) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.ISO_8859_1);
        return new PEMParser(reader);
    }

    /** Parses DER bytes into a JDK certificate. */
    static X509Certificate toX509(byte[] der) throws CertificateException {
        Certificate certificate = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        return (X509Certificate) certificate;
    }
}
