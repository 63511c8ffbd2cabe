package io.tlsecho.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.Extension;

/**
 * A private key and its certificate chain (leaf first), checked to belong together: made by {@link #builder()}
 * or loaded by {@link #load} (PEM) or {@link #loadKeyStore} (PKCS#12, JKS), and written back as PEM.
 */
public final class HeldCertificate {

    private final KeyPair keyPair;
    private final List<X509Certificate> chain;

    private HeldCertificate(PrivateKey privateKey, List<X509Certificate> chain) {
        this.chain = List.copyOf(chain);
        this.keyPair = new KeyPair(this.chain.get(0).getPublicKey(), privateKey);
    }

    /** Starts making a new key pair and certificate. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Pairs a key with its chain (leaf first).
     *
     * @throws PkiException KEY_MISMATCH if the key does not belong to the first certificate
     */
    public static HeldCertificate of(PrivateKey privateKey, List<X509Certificate> chain) throws PkiException {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: [] (expected: at least one certificate)");
        }
        X509Certificate leaf = chain.get(0);
        KeyMatch.check(privateKey, leaf, "private key", "certificate " + Validity.subject(leaf));
        return new HeldCertificate(privateKey, chain);
    }

    /**
     * Loads a certificate chain (all certificates of {@code certificateFile}, leaf first) and its private key
     * from PEM (or DER) files.
     *
     * @param password the key's password, or null for an unencrypted key
     * @throws PkiException KEY_MISMATCH if the key does not belong to the first certificate; see
     *     {@link Pem#readCertificates} and {@link Pem#readPrivateKey} for the others
     */
    public static HeldCertificate load(Path certificateFile, Path keyFile, char[] password) throws PkiException {
        List<X509Certificate> chain = Pem.readCertificates(certificateFile);
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        KeyMatch.check(key, chain.get(0), "key " + keyFile, "certificate " + certificateFile);
        return new HeldCertificate(key, chain);
    }

    /**
     * Loads a key entry and its chain from a PKCS#12 or JKS keystore (the format is detected from the content);
     * the key is recovered with the store password.
     *
     * @param alias the key entry to use, or null for the first key entry
     * @throws PkiException NO_KEY if there is no (such) key entry, BAD_PASSWORD if the password is wrong,
     *     KEY_MISMATCH if the key does not belong to the entry's first certificate
     */
    public static HeldCertificate loadKeyStore(Path file, char[] password, String alias) throws PkiException {
        KeyStores.KeyEntry entry = KeyStores.readKeyEntry(file, password, alias);
        KeyMatch.check(entry.key(), entry.chain().get(0),
                "key '" + entry.alias() + "' in keystore " + file, "its certificate");
        return new HeldCertificate(entry.key(), entry.chain());
    }

    /** The leaf certificate, the one the private key belongs to. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** The leaf's public key with the private key. */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** The leaf followed by its issuers' certificates; just the leaf when self-signed. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * Checks that every certificate of the chain is valid at {@code now}, leaf first.
     *
     * @throws PkiException EXPIRED or NOT_YET_VALID naming the first offending certificate and its date
     */
    public void checkValidity(Instant now) throws PkiException {
        for (X509Certificate certificate : chain) {
            Validity.check(certificate, now);
        }
    }

    /** The leaf as a PEM "CERTIFICATE" block. */
    public String certificatePem() {
        return pem(certificate());
    }

    /** All certificates of {@link #chain()} as concatenated PEM blocks, leaf first. */
    public String chainPem() {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : chain) {
            sb.append(pem(c));
        }
        return sb.toString();
    }

    /** The private key as an unencrypted PKCS#8 PEM block ("-----BEGIN PRIVATE KEY-----"). */
    public String privateKeyPkcs8Pem() {
        return Pem.encode("PRIVATE KEY", privateKey().getEncoded());
    }

    /**
     * Writes {@link #chainPem()} to {@code certificateFile} and {@link #privateKeyPkcs8Pem()} to {@code keyFile},
     * creating parent directories. The key file is created with mode 0600 where the file system supports POSIX
     * modes.
     *
     * @param force whether to overwrite existing files; when false and either file exists, nothing is written
     * @throws PkiException EXISTS if a file exists and {@code force} is false; UNWRITABLE on I/O errors
     */
    public void writeTo(Path certificateFile, Path keyFile, boolean force) throws PkiException {
        if (!force) {
            for (Path file : List.of(certificateFile, keyFile)) {
                if (Files.exists(file)) {
                    throw PkiFiles.exists(file);
                }
            }
        }
        PkiFiles.write(certificateFile, chainPem(), force, false);
        PkiFiles.write(keyFile, privateKeyPkcs8Pem(), force, true);
    }

    @Override
    public String toString() {
        return "HeldCertificate(" + Validity.subject(certificate()) + ", " + Keys.describe(certificate().getPublicKey())
                + ", chain of " + chain.size() + ")";
    }

    /**
     * Writes {@link #certificatePem()} alone to {@code file}: a CA certificate to hand out as a trust anchor,
     * without its key. Creates parent directories.
     *
     * @throws PkiException EXISTS if the file exists and {@code force} is false; UNWRITABLE on I/O errors
     */
    public void writeCertificateTo(Path file, boolean force) throws PkiException {
        PkiFiles.write(file, certificatePem(), force, false);
    }

    private static String pem(X509Certificate c) {
        try {
            return Pem.encode("CERTIFICATE", c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + c.getSubjectX500Principal(), e);
        }
    }

    /**
     * Makes a {@link HeldCertificate}: generates a key pair and issues its certificate, self-signed or signed by
     * another held certificate. Each option is a field read by {@link CertificateSigner}.
     */
    public static final class Builder {
        String commonName = "localhost";
        final List<String> subjectAlternativeNames = new ArrayList<>();
        KeyType keyType = KeyType.EC_P256;
        Duration validity = Duration.ofDays(365);
        Instant notBefore;
        Instant notAfter;
        boolean sha1Signature;
        boolean certificateAuthority;
        Boolean clientAuth;
        HeldCertificate issuer;
        KeyPair keyPair;
        final List<Extension> extensions = new ArrayList<>();

        private Builder() {}

        /** The subject's common name; default "localhost". */
        public Builder commonName(String commonName) {
            Objects.requireNonNull(commonName, "commonName");
            if (commonName.isBlank()) {
                throw new IllegalArgumentException("commonName: '" + commonName + "' (expected: not blank)");
            }
            this.commonName = commonName;
            return this;
        }

        /**
         * Adds a subject alternative name: an IPv4 or IPv6 literal becomes an IP SAN (a bracketed IPv6 literal
         * such as "[::1]" is accepted), anything else a DNS SAN. Default: none, so no subjectAltName extension.
         */
        public Builder addSubjectAlternativeName(String name) {
            Objects.requireNonNull(name, "name");
            String san = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
            if (san.isBlank() || san.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("subjectAlternativeName: '" + name
                        + "' (expected: a DNS name or an IP address literal)");
            }
            subjectAlternativeNames.add(san);
            return this;
        }

        /** The type of key to generate; default {@link KeyType#EC_P256}. */
        public Builder keyType(KeyType keyType) {
            this.keyType = Objects.requireNonNull(keyType, "keyType");
            return this;
        }

        /** How long the certificate is valid from {@link #notBefore(Instant)}; default 365 days. */
        public Builder validity(Duration validity) {
            Objects.requireNonNull(validity, "validity");
            if (validity.isNegative() || validity.isZero()) {
                throw new IllegalArgumentException("validity: " + validity + " (expected: > 0)");
            }
            this.validity = validity;
            return this;
        }

        /** The type of key set so far (the default until {@link #keyType(KeyType)}). */
        public KeyType keyType() {
            return keyType;
        }

        /** The validity set so far, in whole days (the default, 365, until it is set). */
        public long days() {
            return validity.toDays();
        }

        /** Shorthand for {@code validity(Duration.ofDays(days))}; default 365. */
        public Builder days(int days) {
            if (days <= 0) {
                throw new IllegalArgumentException("days: " + days + " (expected: > 0)");
            }
            return validity(Duration.ofDays(days));
        }

        /** Start of validity; default the time of {@link #build()} truncated to whole seconds. */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            return this;
        }

        /**
         * End of validity, overriding {@link #validity(Duration)}; may lie in the past (an expired certificate,
         * for testing clients). Default {@code notBefore} plus the validity.
         */
        public Builder notAfter(Instant notAfter) {
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            return this;
        }

        /**
         * Whether the issuer signs with SHA-1 (SHA1withRSA, SHA1withECDSA) instead of SHA-256, for testing that
         * clients refuse it; default false.
         */
        public Builder sha1Signature(boolean sha1Signature) {
            this.sha1Signature = sha1Signature;
            return this;
        }

        /**
         * Whether to make a CA certificate (basicConstraints CA:true critical, keyUsage keyCertSign and cRLSign);
         * default false.
         */
        public Builder certificateAuthority(boolean certificateAuthority) {
            this.certificateAuthority = certificateAuthority;
            return this;
        }

        /**
         * Whether a leaf gets extendedKeyUsage clientAuth (true) or serverAuth (false). Default: CA-issued leaves
         * get serverAuth and self-signed leaves no extendedKeyUsage at all (usable for any purpose).
         */
        public Builder clientAuth(boolean clientAuth) {
            this.clientAuth = clientAuth;
            return this;
        }

        /**
         * The CA that signs the certificate; its chain follows the new certificate in {@link #chain()}, so signing
         * by an intermediate gives leaf, intermediate, root. Default none, i.e. self-signed.
         */
        public Builder signedBy(HeldCertificate issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /**
         * The subject's key pair, for a second certificate of the same key (re-issued with other dates or
         * extensions); {@link #keyType} is then ignored. Default: a new key pair of {@link #keyType}.
         */
        public Builder keyPair(KeyPair keyPair) {
            this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
            return this;
        }

        /**
         * Adds {@code extension}, replacing the one of the same OID the builder would add (basicConstraints,
         * keyUsage, extendedKeyUsage, subjectAltName...): for revocation pointers, constraints, and flawed
         * certificates that test clients. Default none.
         */
        public Builder extension(Extension extension) {
            this.extensions.add(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        /**
         * Generates the key pair and issues the certificate.
         *
         * @throws IllegalArgumentException if the issuer given to {@link #signedBy} is not a CA certificate
         */
        public HeldCertificate build() {
            if (issuer != null && issuer.certificate().getBasicConstraints() < 0) {
                throw new IllegalArgumentException("signedBy: " + Validity.subject(issuer.certificate())
                        + " (expected: a CA certificate with basicConstraints CA:true)");
            }
            Instant start = notBefore != null ? notBefore : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant end = notAfter != null ? notAfter : start.plus(validity);
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("notAfter: " + end + " (expected: after notBefore " + start + ")");
            }
            KeyPair keyPair = this.keyPair != null ? this.keyPair : CertificateSigner.generateKeyPair(keyType);
            X509Certificate certificate = CertificateSigner.issue(this, keyPair.getPublic(), keyPair.getPrivate(),
                    start, end);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            if (issuer != null) {
                chain.addAll(issuer.chain());
            }
            return new HeldCertificate(keyPair.getPrivate(), chain);
        }
    }
}
