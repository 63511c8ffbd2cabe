package io.tlsecho.testbed;

import io.tlsecho.config.InvalidSettingException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link Testbed} needs.
 *
 * @param host the address every listener binds
 * @param portBase the first scenario's port; the others follow in {@link Scenario} order. 0 gives every
 *                 scenario a free port (read them from {@link Testbed#listeners()})
 * @param dir where the root CA and the client certificate are written
 * @param singlePort the port that serves every scenario it can, chosen by SNI ({@code <scenario>.localhost});
 *                   0 for a free port, null for none
 */
public record TestbedConfig(String host, int portBase, Path dir, Integer singlePort) {

    public TestbedConfig {
        Objects.requireNonNull(dir, "dir");
        checkListening(host, portBase);
        checkSinglePort(singlePort);
    }

    /**
     * Checks {@code singlePort} (null: none) before anything is written.
     *
     * @throws InvalidSettingException naming {@code singlePort}
     */
    public static void checkSinglePort(Integer singlePort) {
        if (singlePort != null && (singlePort < 0 || singlePort > 65535)) {
            throw new InvalidSettingException("singlePort", singlePort, "0-65535 (0: a free port)");
        }
    }

    /**
     * Checks {@code host} and {@code portBase} before anything is written.
     *
     * @throws InvalidSettingException naming {@code host} or {@code portBase}
     */
    public static void checkListening(String host, int portBase) {
        if (host == null || host.isBlank()) {
            throw new InvalidSettingException("host", host, "an address or host name");
        }
        int n = Scenario.values().length;
        // the responder's port follows the scenarios'
        if (portBase < 0 || portBase != 0 && portBase + n > 65535) {
            throw new InvalidSettingException("portBase", portBase, "0, or 1-" + (65535 - n) + " so that the " + n
                    + " scenarios' ports and the responder's fit");
        }
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private final Path dir;
        private String host = "127.0.0.1";
        private int portBase = 10443;
        private Integer singlePort;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** The address to listen on. Default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The first port; 0 for free ports. Default 10443. */
        public Builder portBase(int portBase) {
            this.portBase = portBase;
            return this;
        }

        /**
         * Also serve every scenario on this port, chosen by the name the client asks for (SNI
         * {@code <scenario>.localhost}); 0 for a free port. Default none.
         */
        public Builder singlePort(Integer singlePort) {
            this.singlePort = singlePort;
            return this;
        }

        public TestbedConfig build() {
            return new TestbedConfig(host, portBase, dir, singlePort);
        }
    }
}
