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
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.bc.BcPEMDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads private keys in every form OpenSSL writes, with BouncyCastle's parser and lightweight API (never its JCA
 * provider, which would keep all of BouncyCastle in the jar); kept apart from {@link Pem} so that reading
 * certificates never loads BouncyCastle.
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
        if (keyObject instanceof PKCS8EncryptedPrivateKeyInfo) {
            return Pkcs8Decryption.decrypt(
                    ((PKCS8EncryptedPrivateKeyInfo) keyObject).toASN1Structure(), file, password);
        }
        try {
            return ((PEMEncryptedKeyPair) keyObject).decryptKeyPair(new BcPEMDecryptorProvider(password))
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
