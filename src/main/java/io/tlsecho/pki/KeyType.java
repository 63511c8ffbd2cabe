package io.tlsecho.pki;

/** The kinds of key that {@link HeldCertificate} can generate, named as on the command line. */
public enum KeyType {
    EC_P256("ec-p256"),
    RSA_2048("rsa-2048"),
    RSA_4096("rsa-4096"),
    ED25519("ed25519");

    private final String cliName;

    KeyType(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line, e.g. {@code ec-p256}. */
    public String cliName() {
        return cliName;
    }

    /**
     * Returns the key type with the given command-line name (case-insensitive).
     *
     * @throws IllegalArgumentException if no key type has that name; the message lists the valid names
     */
    public static KeyType fromCliName(String name) {
        for (KeyType type : values()) {
            if (type.cliName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (KeyType type : values()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(type.cliName);
        }
        throw new IllegalArgumentException("key type: " + name + " (expected one of: " + valid + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
