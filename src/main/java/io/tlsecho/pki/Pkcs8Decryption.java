package io.tlsecho.pki;

import io.tlsecho.log.Messages;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.util.Strings;

/**
 * Decrypts an encrypted PKCS#8 key with the JDK's ciphers and key derivations, and BouncyCastle's lightweight scrypt:
 * no JCA provider of BouncyCastle, whose classes reach all of its algorithms.
 */
final class Pkcs8Decryption {

    /** A PBES2 encryption scheme: the JDK transformation, its key algorithm and key length in bytes. */
    private record Scheme(String transformation, String keyAlgorithm, int keyLength) {
    }

    private static final Map<ASN1ObjectIdentifier, Scheme> SCHEMES = Map.of(
            NISTObjectIdentifiers.id_aes128_CBC, new Scheme("AES/CBC/PKCS5Padding", "AES", 16),
            NISTObjectIdentifiers.id_aes192_CBC, new Scheme("AES/CBC/PKCS5Padding", "AES", 24),
            NISTObjectIdentifiers.id_aes256_CBC, new Scheme("AES/CBC/PKCS5Padding", "AES", 32),
            PKCSObjectIdentifiers.des_EDE3_CBC, new Scheme("DESede/CBC/PKCS5Padding", "DESede", 24),
            OIWObjectIdentifiers.desCBC, new Scheme("DES/CBC/PKCS5Padding", "DES", 8));

    /** RFC 7914's id-scrypt (BouncyCastle has it only in an internal package). */
    private static final ASN1ObjectIdentifier SCRYPT = new ASN1ObjectIdentifier("1.3.6.1.4.1.11591.4.11");

    private static final Map<ASN1ObjectIdentifier, String> PBKDF2_PRFS = Map.of(
            PKCSObjectIdentifiers.id_hmacWithSHA1, "PBKDF2WithHmacSHA1",
            PKCSObjectIdentifiers.id_hmacWithSHA224, "PBKDF2WithHmacSHA224",
            PKCSObjectIdentifiers.id_hmacWithSHA256, "PBKDF2WithHmacSHA256",
            PKCSObjectIdentifiers.id_hmacWithSHA384, "PBKDF2WithHmacSHA384",
            PKCSObjectIdentifiers.id_hmacWithSHA512, "PBKDF2WithHmacSHA512");

    private Pkcs8Decryption() {
    }

    static PrivateKeyInfo decrypt(EncryptedPrivateKeyInfo info, Path file, char[] password) throws PkiException {
        AlgorithmIdentifier algorithm = info.getEncryptionAlgorithm();
        byte[] plain;
        try {
            plain = PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())
                    ? pbes2(PBES2Parameters.getInstance(algorithm.getParameters()), info.getEncryptedData(), password)
                    : jdkPbe(info, password);
        } catch (Unsupported e) {
            throw new PkiException(PkiException.Kind.MALFORMED,
                    "cannot read key file " + file + ": unsupported encryption (" + Messages.of(e) + ")", e);
        } catch (BadPaddingException e) {
            throw wrongPassword(file, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(PkiException.Kind.MALFORMED, "cannot read key file " + file
                    + ": not a valid encrypted private key (" + Messages.of(e) + ")", e);
        }
        try {
            return PrivateKeyInfo.getInstance(plain);
        } catch (RuntimeException e) {
            // A wrong password rarely passes the padding check; what it decrypts to is then not a key.
            throw wrongPassword(file, e);
        }
    }

    private static PkiException wrongPassword(Path file, Exception cause) {
        return new PkiException(PkiException.Kind.BAD_PASSWORD, "wrong password for key " + file, cause);
    }

    private static byte[] pbes2(PBES2Parameters params, byte[] encrypted, char[] password)
            throws GeneralSecurityException {
        EncryptionScheme encryption = params.getEncryptionScheme();
        Scheme scheme = SCHEMES.get(encryption.getAlgorithm());
        if (scheme == null) {
            throw new Unsupported("PBES2 cipher " + encryption.getAlgorithm());
        }
        byte[] iv = ASN1OctetString.getInstance(encryption.getParameters()).getOctets();
        byte[] key = deriveKey(params.getKeyDerivationFunc(), password, scheme.keyLength());
        Cipher cipher = Cipher.getInstance(scheme.transformation());
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, scheme.keyAlgorithm()), new IvParameterSpec(iv));
        return cipher.doFinal(encrypted);
    }

    private static byte[] deriveKey(KeyDerivationFunc kdf, char[] password, int keyLength)
            throws GeneralSecurityException {
        ASN1ObjectIdentifier oid = kdf.getAlgorithm();
        if (PKCSObjectIdentifiers.id_PBKDF2.equals(oid)) {
            PBKDF2Params params = PBKDF2Params.getInstance(kdf.getParameters());
            String name = PBKDF2_PRFS.get(params.getPrf().getAlgorithm());
            if (name == null) {
                throw new Unsupported("PBKDF2 with " + params.getPrf().getAlgorithm());
            }
            int length = params.getKeyLength() == null ? keyLength : params.getKeyLength().intValueExact();
            PBEKeySpec spec = new PBEKeySpec(password, params.getSalt(), params.getIterationCount().intValueExact(),
                    length * 8);
            try {
                return SecretKeyFactory.getInstance(name).generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        }
        if (SCRYPT.equals(oid)) {
            // ScryptParams ::= SEQUENCE { salt OCTET STRING, cost, blockSize, parallelization, keyLength OPTIONAL }
            ASN1Sequence params = ASN1Sequence.getInstance(kdf.getParameters());
            byte[] salt = ASN1OctetString.getInstance(params.getObjectAt(0)).getOctets();
            int length = params.size() > 4 ? integer(params.getObjectAt(4)) : keyLength;
            return SCrypt.generate(Strings.toUTF8ByteArray(password), salt, integer(params.getObjectAt(1)),
                    integer(params.getObjectAt(2)), integer(params.getObjectAt(3)), length);
        }
        throw new Unsupported("PBES2 key derivation " + oid);
    }

    private static int integer(ASN1Encodable value) {
        return ASN1Integer.getInstance(value).intValueExact();
    }

    /** PKCS#5 v1.5 and PKCS#12 schemes (OpenSSL's {@code -v1}), which the JDK implements by name. */
    private static byte[] jdkPbe(EncryptedPrivateKeyInfo info, char[] password) throws GeneralSecurityException {
        javax.crypto.EncryptedPrivateKeyInfo jdk;
        try {
            jdk = new javax.crypto.EncryptedPrivateKeyInfo(info.getEncoded());
        } catch (java.io.IOException e) {
            throw new Unsupported(info.getEncryptionAlgorithm().getAlgorithm().getId());
        }
        String name = jdk.getAlgName();
        AlgorithmParameters parameters = jdk.getAlgParameters();
        SecretKey key;
        Cipher cipher;
        try {
            key = SecretKeyFactory.getInstance(name).generateSecret(new PBEKeySpec(password));
            cipher = Cipher.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new Unsupported(name);
        }
        cipher.init(Cipher.DECRYPT_MODE, key, parameters);
        return cipher.doFinal(info.getEncryptedData());
    }

    /** An encryption the JDK and this class do not implement. */
    private static final class Unsupported extends GeneralSecurityException {
        private static final long serialVersionUID = 1L;

        Unsupported(String what) {
            super(what);
        }
    }
}
