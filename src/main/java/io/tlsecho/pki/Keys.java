package io.tlsecho.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.DSAKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Key helpers: conversion to JDK keys, human-readable descriptions, and the key/certificate match check. */
final class Keys {

    private static final byte[] PROBE = "tlsecho key match probe".getBytes(StandardCharsets.US_ASCII);

    private Keys() {}

    /** Converts a parsed PKCS#8 structure into a key of the JDK's own providers. */
    static PrivateKey toJdkKey(PrivateKeyInfo info) throws GeneralSecurityException, java.io.IOException {
        String algorithm = jdkAlgorithm(info.getPrivateKeyAlgorithm().getAlgorithm());
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    }

    private static String jdkAlgorithm(ASN1ObjectIdentifier oid) throws GeneralSecurityException {
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA";
        } else if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return "RSASSA-PSS";
        } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return "EC";
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return "Ed25519";
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
            return "Ed448";
        } else if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
            return "DSA";
        }
        throw new GeneralSecurityException("unsupported key algorithm " + oid.getId());
    }

    /** Describes a public key as e.g. "EC P-256", "RSA 2048" or "Ed25519". */
    static String describe(PublicKey key) {
        AlgorithmIdentifier alg = null;
        if (key.getEncoded() != null) {
            alg = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
        }
        return describe(key, alg);
    }

    /** Describes a private key as e.g. "EC P-256", "RSA 2048" or "Ed25519". */
    static String describe(PrivateKey key) {
        AlgorithmIdentifier alg = null;
        if (key.getEncoded() != null) {
            try {
                alg = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm();
            } catch (RuntimeException e) {
                alg = null; // not PKCS#8 encoded; fall back to the algorithm name
            }
        }
        return describe(key, alg);
    }

    private static String describe(Key key, AlgorithmIdentifier alg) {
        if (key instanceof RSAKey) {
            return "RSA " + ((RSAKey) key).getModulus().bitLength();
        }
        if (key instanceof DSAKey && ((DSAKey) key).getParams() != null) {
            return "DSA " + ((DSAKey) key).getParams().getP().bitLength();
        }
        if (alg != null) {
            ASN1ObjectIdentifier oid = alg.getAlgorithm();
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return "Ed25519";
            } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
                return "Ed448";
            } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                return "EC " + curveName(alg);
            }
        }
        return key.getAlgorithm();
    }

    private static String curveName(AlgorithmIdentifier alg) {
        if (alg.getParameters() != null) {
            ASN1Primitive params = alg.getParameters().toASN1Primitive();
            if (params instanceof ASN1ObjectIdentifier) {
                ASN1ObjectIdentifier curve = (ASN1ObjectIdentifier) params;
                String name = NISTNamedCurves.getName(curve);
                if (name == null) {
                    name = ECNamedCurveTable.getName(curve);
                }
                return name != null ? name : curve.getId();
            }
        }
        return "(explicit curve parameters)";
    }

    /** The signature algorithm used to sign with {@code key}, e.g. SHA256withECDSA. */
    static String signatureAlgorithm(Key key) {
        switch (key.getAlgorithm()) {
            case "EC":
            case "ECDSA":
                return "SHA256withECDSA";
            case "RSA":
                return "SHA256withRSA";
            case "EdDSA":
            case "Ed25519":
                return isEd448(key) ? "Ed448" : "Ed25519";
            case "Ed448":
                return "Ed448";
            case "DSA":
                return "SHA256withDSA";
            default:
                throw new IllegalArgumentException("key algorithm: " + key.getAlgorithm()
                        + " (expected: EC, RSA, Ed25519, Ed448 or DSA)");
        }
    }

    private static boolean isEd448(Key key) {
        return key instanceof java.security.interfaces.EdECKey
                && "Ed448".equals(((java.security.interfaces.EdECKey) key).getParams().getName());
    }

    /** Whether {@code privateKey} is the private half of {@code publicKey}. */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (privateKey instanceof RSAKey || publicKey instanceof RSAPublicKey) {
            if (!(privateKey instanceof RSAKey && publicKey instanceof RSAPublicKey)) {
                return false;
            }
            RSAPublicKey pub = (RSAPublicKey) publicKey;
            if (!((RSAKey) privateKey).getModulus().equals(pub.getModulus())) {
                return false;
            }
            if (privateKey instanceof RSAPrivateCrtKey) {
                return ((RSAPrivateCrtKey) privateKey).getPublicExponent().equals(pub.getPublicExponent());
            }
            return true;
        }
        try {
            String algorithm = signatureAlgorithm(privateKey);
            if (!algorithm.equals(signatureAlgorithm(publicKey))) {
                return false;
            }
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
