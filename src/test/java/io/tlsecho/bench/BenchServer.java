package io.tlsecho.bench;

import io.tlsecho.log.Logging;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;

/** The bench tests' target: an echo server on 127.0.0.1, port 0, with a certificate it can verify. */
record BenchServer(HeldCertificate held, EchoServer server) implements AutoCloseable {

    static BenchServer start() throws Exception {
        Logging.configure(Logging.Verbosity.QUIET, System.err, false);
        HeldCertificate held = HeldCertificate.builder().commonName("localhost")
                .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
        return new BenchServer(held, EchoServer.start(EchoServer.builder(held)
                .host("127.0.0.1").port(0).build()));
    }

    @Override
    public void close() {
        server.close();
    }
}
