package io.tlsecho.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/** The TLS engines tlsecho can use: OpenSSL (BoringSSL, through netty-tcnative) or the JDK's. */
public enum TlsProvider {
    OPENSSL(SslProvider.OPENSSL),
    JDK(SslProvider.JDK);

    private final SslProvider netty;

    TlsProvider(SslProvider netty) {
        this.netty = netty;
    }

    /** OpenSSL where its native library loads, the JDK's elsewhere. */
    public static TlsProvider auto() {
        return OpenSsl.isAvailable() ? OPENSSL : JDK;
    }

    /** Whether this engine can run here. */
    public boolean isAvailable() {
        return this == JDK || OpenSsl.isAvailable();
    }

    /** Why this engine cannot run here, or null when it can. */
    public Throwable unavailabilityCause() {
        return this == OPENSSL ? OpenSsl.unavailabilityCause() : null;
    }

    /** The engine's own name: the native library's version string (BoringSSL) or the JDK's SunJSSE. */
    public String engineName() {
        return this == OPENSSL && OpenSsl.isAvailable() ? OpenSsl.versionString() : "SunJSSE";
    }

    SslProvider netty() {
        return netty;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
