package io.tlsecho.pki;

import io.tlsecho.log.Messages;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads trusted certificates from a PEM, DER, PKCS#12 or JKS file. */
public final class TrustMaterial {

    private TrustMaterial() {}

    /**
     * Reads the trusted certificates of {@code file}: every certificate of a PEM file, the certificate of a
     * DER file, or the trusted certificate entries and key entries' certificates of a PKCS#12/JKS keystore.
     *
     * @param password the keystore password, or null (not used for PEM and DER)
     * @throws PkiException MALFORMED if the file holds no certificate
     */
    public static List<X509Certificate> read(Path file, char[] password) throws PkiException {
        byte[] data = PkiFiles.read(file, "trust file");
        if (PkiFiles.looksLikePem(data)) {
            return Pem.readCertificates(file);
        }
        if (data.length == 0) {
            throw new PkiException(PkiException.Kind.MALFORMED, "no certificate found in " + file);
        }
        try {
            return List.of(Pem.toX509(data));
        } catch (CertificateException | RuntimeException notDer) {
            // not a DER certificate: try a keystore next
        }
        KeyStore store;
        try {
            store = KeyStores.load(file, password);
        } catch (PkiException e) {
            if (e.kind() != PkiException.Kind.MALFORMED) {
                throw e;
            }
            throw new PkiException(PkiException.Kind.MALFORMED, "trust file " + file
                    + " is neither a PEM or DER certificate nor a PKCS#12 or JKS keystore", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    add(certificates, store.getCertificate(alias));
                } else if (store.isKeyEntry(alias)) {
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (chain != null) {
                        for (Certificate c : chain) {
                            add(certificates, c);
                        }
                    }
                }
            }
        } catch (KeyStoreException e) {
            throw new PkiException(PkiException.Kind.MALFORMED, "cannot read keystore " + file + ": " + Messages.of(e), e);
        }
        if (certificates.isEmpty() && password == null) {
            // PKCS#12 certificates are usually encrypted; without a password they are skipped silently
            throw KeyStores.badPassword(file, null, null);
        }
        if (certificates.isEmpty()) {
            throw new PkiException(PkiException.Kind.MALFORMED, "no certificate found in " + file);
        }
        return certificates;
    }

    private static void add(List<X509Certificate> certificates, Certificate certificate) {
        if (certificate instanceof X509Certificate && !certificates.contains(certificate)) {
            certificates.add((X509Certificate) certificate);
        }
    }
}
