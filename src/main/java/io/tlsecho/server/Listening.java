package io.tlsecho.server;

import io.netty.util.NetUtil;
import io.tlsecho.config.Settings;
import io.tlsecho.transport.Transport;

/**
 * Where and how a server listens: the address, the accept queue, the I/O transport and threads, and whether each
 * connection starts with a PROXY protocol header.
 *
 * @param host the name or address to listen on; every address it resolves to is bound
 * @param port the port, 0 for a free one (read it from {@link EchoServer#port()})
 * @param backlog the listen backlog: connections the kernel holds that the server has not accepted yet
 * @param transport epoll, io_uring or NIO
 * @param threads event loop threads, at least 1
 * @param proxyProtocol whether connections start with a PROXY protocol header, and which version
 * @param connectionName the first part of each connection's name in the log, {@code NAME_<client host>_<client port>}
 */
public record Listening(String host, int port, int backlog, Transport transport, int threads,
                        ProxyProtocol proxyProtocol, String connectionName) {

    public Listening {
        Settings.requirePresent("host", host);
        Settings.requireRange("port", port, 0, 65535);
        Settings.requireRange("backlog", backlog, 1, Integer.MAX_VALUE);
        Settings.requirePresent("transport", transport);
        Settings.requireRange("threads", threads, 1, Integer.MAX_VALUE);
        Settings.requirePresent("proxyProtocol", proxyProtocol);
        Settings.requirePresent("connectionName", connectionName);
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 10000;
        private int backlog = NetUtil.SOMAXCONN;
        private Transport transport = Transport.auto();
        private int threads = Runtime.getRuntime().availableProcessors();
        private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;
        private String connectionName = "echo";

        private Builder() {
        }

        /** The name or address to listen on. Default {@code localhost}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 picks a free one. Default 10000, the seed's. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The listen backlog, at least 1. Default: the system's {@code net.core.somaxconn}. */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** The I/O transport. Default {@link Transport#auto()}. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /**
         * Event loop threads, at least 1, the listeners' included (they accept on one of them). Default: one per core
         * (measured: twice the cores, Netty's own default, costs more CPU per echo when the cores are shared with the
         * clients).
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Whether connections start with a PROXY protocol header, and which versions. Default {@code OFF}. */
        public Builder proxyProtocol(ProxyProtocol proxyProtocol) {
            this.proxyProtocol = proxyProtocol;
            return this;
        }

        /** The first part of each connection's name in the log. Default {@code echo}, the seed's. */
        public Builder connectionName(String connectionName) {
            this.connectionName = connectionName;
            return this;
        }

        public Listening build() {
            return new Listening(host, port, backlog, transport, threads, proxyProtocol, connectionName);
        }
    }
}
