package io.tlsecho.client;

import io.tlsecho.pki.HeldCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A one-connection TLS server on the JDK's own sockets, independent of tlsecho's server, for the cases that server
 * does not produce: it reads the message to the NUL, answers with the first {@code echoBytes} of it, then keeps
 * silent until the test ends.
 */
final class JdkTlsServer implements AutoCloseable {

    /** The client certificate chain the server was shown (or an empty list), once the handshake was tried. */
    final CompletableFuture<List<X509Certificate>> clientChain = new CompletableFuture<>();
    /** The SNI names the client sent. */
    final CompletableFuture<List<String>> serverNames = new CompletableFuture<>();

    private final SSLServerSocket socket;
    private final CountDownLatch end = new CountDownLatch(1);
    private final Thread thread;

    /**
     * @param clientCas authorities whose client certificates it asks for (and names in its request), or null to
     *                  ask for none
     * @param echoBytes how much of the message it sends back before going silent
     */
    JdkTlsServer(HeldCertificate cert, List<X509Certificate> clientCas, int echoBytes) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", cert.privateKey(), new char[0], cert.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), clientCas == null ? null : new X509TrustManager[] {recording(clientCas)},
                null);
        socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getByName("127.0.0.1"));
        socket.setNeedClientAuth(clientCas != null);
        thread = new Thread(() -> serve(echoBytes), "jdk-tls-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve(int echoBytes) {
        try (SSLSocket s = (SSLSocket) socket.accept()) {
            try {
                s.startHandshake();
            } finally {
                clientChain.complete(List.of());
            }
            serverNames.complete(((javax.net.ssl.ExtendedSSLSession) s.getSession()).getRequestedServerNames().stream()
                    .map(n -> new String(n.getEncoded(), java.nio.charset.StandardCharsets.US_ASCII)).toList());
            InputStream in = s.getInputStream();
            byte[] message = new byte[64 * 1024];
            int n = 0;
            int b;
            while ((b = in.read()) > 0) {
                message[n++] = (byte) b;
            }
            s.getOutputStream().write(message, 0, Math.min(n, echoBytes));
            s.getOutputStream().flush();
            end.await(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // The handshake failed (the test reads why from the futures), or the test ended.
            serverNames.complete(List.of());
        }
    }

    /** The JDK's PKIX trust manager for {@code cas}, noting the chain each client shows before it judges it. */
    private X509TrustManager recording(List<X509Certificate> cas) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        X509TrustManager pkix = (X509TrustManager) tmf.getTrustManagers()[0];
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                clientChain.complete(List.of(chain));
                pkix.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                pkix.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return pkix.getAcceptedIssuers();
            }
        };
    }

    @Override
    public void close() throws Exception {
        end.countDown();
        socket.close();
        thread.join(5000);
    }
}
