package io.tlsecho.pki;

import io.tlsecho.log.Messages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
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

/**
 * Reads private keys in every form OpenSSL writes, with BouncyCastle; kept apart from
 * {@link Pem} so that reading certificates never loads BouncyCastle.
 */
final class PemKeys {

    private PemKeys() {
    }

    static PrivateKey read(Path file, char[] password) throws PkiException {
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
                    "cannot read key file " + file + ": not a valid PEM or DER private key (" + Messages.of(e) + ")", e);
        }
        if (keyObject == null) {
            throw new PkiException(PkiException.Kind.MALFORMED, "no private key found in " + file);
        }
        PrivateKeyInfo info = decrypt(keyObject, file, password);
        try {
            return Keys.toJdkKey(info);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new PkiException(PkiException.Kind.MALFORMED,
                    "cannot read key file " + file + ": " + Messages.of(e), e);
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
                    "cannot read key file " + file + ": it is encrypted and no password was given");
        }
        BouncyCastleProvider bc = new BouncyCastleProvider();
        if (keyObject instanceof PKCS8EncryptedPrivateKeyInfo) {
            InputDecryptorProvider decryptor;
            try {
                decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bc).build(password);
            } catch (OperatorCreationException e) {
                throw new PkiException(PkiException.Kind.MALFORMED,
                        "cannot read key file " + file + ": unsupported encryption (" + Messages.of(e) + ")", e);
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

    private static PEMParser parser(byte[] data) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.ISO_8859_1);
        return new PEMParser(reader);
    }
}
