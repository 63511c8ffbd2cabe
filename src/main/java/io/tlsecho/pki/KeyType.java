package io.tlsecho.pki;

import java.util.List;
import java.util.stream.Stream;

/** The kinds of key that {@link HeldCertificate.Builder} can generate, named as on the command line. */
public enum KeyType {
    EC_P256("ec-p256", "EC", 256),
    RSA_2048("rsa-2048", "RSA", 2048),
    RSA_4096("rsa-4096", "RSA", 4096),
    ED25519("ed25519", "Ed25519", 0),
    /** Too weak for OpenSSL's security level 2: for testing that clients refuse it; not offered on the command line. */
    RSA_1024("rsa-1024", "RSA", 1024);

    /** The key types offered on the command line: all but {@link #RSA_1024}. */
    private static final List<KeyType> ON_COMMAND_LINE = Stream.of(values()).filter(t -> t != RSA_1024).toList();

    private final String cliName;
    private final String algorithm;
    private final int bits;

    KeyType(String cliName, String algorithm, int bits) {
        this.cliName = cliName;
        this.algorithm = algorithm;
        this.bits = bits;
    }

    /** The name used on the command line, e.g. {@code ec-p256}. */
    public String cliName() {
        return cliName;
    }

    /** The JDK's name for the key algorithm: EC, RSA or Ed25519. */
    String algorithm() {
        return algorithm;
    }

    /** The key size in bits (the curve's for EC); 0 when the algorithm fixes it. */
    int bits() {
        return bits;
    }

    /**
     * Returns the key type with the given command-line name (case-insensitive).
     *
     * @throws IllegalArgumentException if no key type has that name; the message lists the valid names
     */
    public static KeyType fromCliName(String name) {
        for (KeyType type : ON_COMMAND_LINE) {
            if (type.cliName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        String valid = String.join(", ", ON_COMMAND_LINE.stream().map(KeyType::cliName).toList());
        throw new IllegalArgumentException("key type: " + name + " (expected one of: " + valid + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
