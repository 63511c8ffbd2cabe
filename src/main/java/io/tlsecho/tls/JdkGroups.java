package io.tlsecho.tls;

import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.tlsecho.log.Messages;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Key-exchange groups for the JDK engine. Java 20 and newer take them per engine
 * ({@code SSLParameters.setNamedGroups}); older ones only per process, from the system property
 * {@code jdk.tls.namedGroups}, which the JDK reads once, at its first TLS use. There a context
 * that asks for other groups than the process already has is refused, since it would silently get
 * the process's.
 */
final class JdkGroups {

    static final String PROPERTY = "jdk.tls.namedGroups";

    /** The groups Java 17 to 19 know; a property naming none of them would break the JDK's TLS for the process. */
    static final List<String> KNOWN = List.of("x25519", "x448", "secp256r1", "secp384r1", "secp521r1",
            "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192");

    /** {@code SSLParameters.setNamedGroups(String[])} where this Java has it (20+), else null. */
    private static final Method SET_NAMED_GROUPS = setNamedGroups();

    private JdkGroups() {
    }

    /** Whether this Java takes groups per engine. */
    static boolean perEngine() {
        return SET_NAMED_GROUPS != null;
    }

    /**
     * Before {@code context} is built: on a Java without per-engine groups, makes {@code groups} the
     * process's, or refuses them when the process already uses others.
     *
     * @throws SSLException naming the groups in force, if they differ and cannot be changed
     */
    static void prepare(List<String> groups) throws SSLException {
        if (perEngine()) {
            return;
        }
        String wanted = String.join(",", groups);
        for (String group : groups) {
            if (!KNOWN.contains(group)) {
                throw new SSLException("--groups " + group + ": unknown to the JDK engine of Java "
                        + Runtime.version().feature() + " (expected: " + String.join(", ", KNOWN) + ")");
            }
        }
        synchronized (JdkGroups.class) {
            if (System.getProperty(PROPERTY) == null) {
                System.setProperty(PROPERTY, wanted);
            }
            List<String> inForce = offered();
            if (!inForce.equals(groups)) {
                throw new SSLException("--groups " + wanted + ": the JDK engine in this process already uses "
                        + String.join(",", inForce) + " (Java " + Runtime.version().feature() + " sets groups once"
                        + " per process, through " + PROPERTY + "; per-context groups need Java 20 or newer,"
                        + " or --provider openssl)");
            }
        }
    }

    /** {@code context} with each engine restricted to {@code groups}, where this Java allows it per engine. */
    static SslContext apply(SslContext context, List<String> groups) {
        if (!perEngine()) {
            return context;
        }
        String[] names = groups.toArray(String[]::new);
        return new DelegatingSslContext(context) {
            @Override
            protected void initEngine(SSLEngine engine) {
                SSLParameters parameters = engine.getSSLParameters();
                try {
                    SET_NAMED_GROUPS.invoke(parameters, (Object) names);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                } catch (InvocationTargetException e) {
                    throw new IllegalArgumentException("--groups " + String.join(",", names) + ": "
                            + Messages.of(e.getCause()), e.getCause());
                }
                engine.setSSLParameters(parameters);
            }
        };
    }

    /** The groups a new JDK client engine offers in its ClientHello (JDK names: x25519, secp256r1, ...). */
    static List<String> offered() throws SSLException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(true);
            return offered(engine);
        } catch (GeneralSecurityException e) {
            throw new SSLException("cannot read the JDK engine's groups: " + Messages.of(e), e);
        }
    }

    /** The groups the client {@code engine} offers in its first ClientHello; the engine is closed after. */
    static List<String> offered(SSLEngine engine) throws SSLException {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        engine.closeOutbound();
        out.flip();
        // A record header (5 bytes), then the handshake header (4 bytes), then the ClientHello.
        byte[] body = Arrays.copyOfRange(out.array(), 9, out.limit());
        return ClientHelloParser.parse(body).groups().stream()
                .map(code -> TlsNames.group(code).toLowerCase(Locale.ROOT)).toList();
    }

    private static Method setNamedGroups() {
        try {
            return SSLParameters.class.getMethod("setNamedGroups", String[].class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
