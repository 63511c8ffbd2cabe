package io.tlsecho.interop;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The JDK as a TLS client, run as its own process so that the JDK's system properties (trust store, revocation
 * checking) apply as a user's program gets them: for each {@code name=port} argument, connects to localhost,
 * checks the host name as HTTPS does, sends {@code hello\0}, reads to the end and prints one line
 * {@code name outcome detail}, the outcome being accept, reject, timeout or truncation.
 */
public final class JdkTlsClient {

    private JdkTlsClient() {
    }

    /** Arguments: the read timeout in milliseconds, then {@code name=port} pairs. */
    public static void main(String[] args) throws Exception {
        int timeout = Integer.parseInt(args[0]);
        SSLContext context = SSLContext.getDefault();
        for (int i = 1; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            System.out.println(pair[0] + " " + attempt(context, Integer.parseInt(pair[1]), timeout));
        }
    }

    private static String attempt(SSLContext context, int port, int timeout) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            // localhost by name, as a user types it, without a lookup
            socket.connect(new InetSocketAddress(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), port),
                    timeout);
            socket.setSoTimeout(timeout);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(List.of(new SNIHostName("localhost")));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            socket.getOutputStream().write("hello\0".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream echo = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                echo.write(buffer, 0, n);
            }
            return "accept " + echo.toString(StandardCharsets.US_ASCII).replace("\0", "\\0").replace("\n", "\\n");
        } catch (SocketTimeoutException e) {
            return "timeout " + e.getMessage();
        } catch (SSLHandshakeException e) {
            return "reject " + innermost(e);
        } catch (Exception e) {
            String text = innermost(e);
            return (text.toLowerCase(Locale.ROOT).contains("close_notify") ? "truncation " : "reject ") + text;
        }
    }

    private static String innermost(Throwable e) {
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            message = c.getClass().getSimpleName() + ": " + c.getMessage();
        }
        return message.replace('\n', ' ');
    }
}
