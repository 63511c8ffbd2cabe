package io.tlsecho.testbed;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link Testbed} needs.
 *
 * @param host the address every listener binds
 * @param portBase the first scenario's port; the others follow in {@link Scenario} order. 0 gives every
 *                 scenario a free port (read them from {@link Testbed#listeners()})
 * @param dir where the root CA and the client certificate are written
 */
public record TestbedConfig(String host, int portBase, Path dir) {

    public TestbedConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dir, "dir");
        int last = portBase + Scenario.values().length; // the responder follows the scenarios
        if (portBase < 0 || portBase != 0 && last > 65535) {
            throw new IllegalArgumentException("portBase: " + portBase + " (expected: 0, or 1-"
                    + (65535 - Scenario.values().length) + " so that all " + (Scenario.values().length + 1) + " ports fit)");
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

        public TestbedConfig build() {
            return new TestbedConfig(host, portBase, dir);
        }
    }
}
