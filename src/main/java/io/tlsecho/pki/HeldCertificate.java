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

/** A certificate together with its private key and issuer chain, generated or loaded from PEM files. */
public final class HeldCertificate {

    private final X509Certificate certificate;
    private final KeyPair keyPair;
    private final List<X509Certificate> chain;

    private HeldCertificate(X509Certificate certificate, KeyPair keyPair, List<X509Certificate> chain) {
        this.certificate = certificate;
        this.keyPair = keyPair;
        this.chain = List.copyOf(chain);
    }

    /** Starts building a new certificate. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads a certificate (the first in {@code crtFile}), its chain (all certificates in the file) and its key.
     *
     * @param password the key's password, or null for an unencrypted key
     * @throws PkiException KEY_MISMATCH if the key does not belong to the first certificate
     */
    public static HeldCertificate load(Path crtFile, Path keyFile, char[] password) throws PkiException {
        List<X509Certificate> chain = Pem.readCertificates(crtFile);
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        X509Certificate leaf = chain.get(0);
        KeyMatch.check(key, leaf, "key " + keyFile, "certificate " + crtFile);
        return new HeldCertificate(leaf, new KeyPair(leaf.getPublicKey(), key), chain);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** This certificate followed by its issuer's chain; just this certificate when self-signed. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** This certificate as a PEM "CERTIFICATE" block. */
    public String certificatePem() {
        return pem(certificate);
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
        return Pem.encode("PRIVATE KEY", keyPair.getPrivate().getEncoded());
    }

    /**
     * Writes {@link #chainPem()} to {@code crtFile} and {@link #privateKeyPkcs8Pem()} to {@code keyFile}, creating
     * parent directories. The key file is created with mode 0600 where the file system supports POSIX modes.
     *
     * @param force whether to overwrite existing files; when false and either file exists, nothing is written
     * @throws PkiException EXISTS if a file exists and {@code force} is false; UNREADABLE on I/O errors
     */
    public void writeTo(Path crtFile, Path keyFile, boolean force) throws PkiException {
        if (!force) {
            for (Path file : List.of(crtFile, keyFile)) {
                if (Files.exists(file)) {
                    throw PkiFiles.exists(file);
                }
            }
        }
        PkiFiles.write(crtFile, chainPem(), force, false);
        PkiFiles.write(keyFile, privateKeyPkcs8Pem(), force, true);
    }

    private static String pem(X509Certificate c) {
        try {
            return Pem.encode("CERTIFICATE", c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + c.getSubjectX500Principal(), e);
        }
    }

    /** Builds a {@link HeldCertificate}, generating a fresh key pair. */
    public static final class Builder {
        private String commonName = "localhost";
        private final List<String> subjectAlternativeNames = new ArrayList<>();
        private KeyType keyType = KeyType.EC_P256;
        private Duration validity = Duration.ofDays(365);
        private Instant notBefore;
        private boolean certificateAuthority;
        private Boolean clientAuth;
        private HeldCertificate issuer;

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

        /** The CA that signs the certificate; default none, i.e. self-signed. */
        public Builder signedBy(HeldCertificate issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /**
         * Generates the key pair and issues the certificate.
         *
         * @throws IllegalArgumentException if the issuer given to {@link #signedBy} is not a CA certificate
         */
        public HeldCertificate build() {
            if (issuer != null && issuer.certificate().getBasicConstraints() < 0) {
                throw new IllegalArgumentException("signedBy: " + CertificateInfo.of(issuer.certificate()).subject()
                        + " (expected: a CA certificate with basicConstraints CA:true)");
            }
            Instant start = notBefore != null ? notBefore : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            KeyPair keyPair = CertificateSigner.generateKeyPair(keyType);
            X509Certificate certificate = CertificateSigner.issue(commonName, subjectAlternativeNames,
                    keyPair.getPublic(), keyPair.getPrivate(), start, start.plus(validity),
                    certificateAuthority, clientAuth, issuer);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            if (issuer != null) {
                chain.addAll(issuer.chain());
            }
            return new HeldCertificate(certificate, keyPair, chain);
        }
    }
}
