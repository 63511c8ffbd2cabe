package io.tlsecho.tls;

import io.netty.internal.tcnative.Library;
import io.netty.internal.tcnative.SSL;

/**
 * The TLS engine {@code --provider auto} picks, named without initialising Netty's {@code OpenSsl}, for
 * {@code tlsecho --version}: that class also builds a test context, parses a test key and certificate, starts the
 * JDK's own TLS provider and logging, which is two thirds of a one-shot command's start-up. Here netty-tcnative is
 * loaded from {@code java.library.path} (where the release and {@code ./tlsecho} put it, and where Netty's loader
 * looks first), initialised as Netty does, and asked its version; where it is not on that path ({@code java -jar},
 * whose library is inside the jar) the answer is {@link TlsProvider#auto()}'s own.
 */
public final class EngineProbe {

    /** Netty's switch that turns its OpenSSL engine off; the probe honours it as {@code OpenSsl} does. */
    private static final String NO_OPENSSL = "io.netty.handler.ssl.noOpenSsl";
    private static final String LIBRARY = "netty_tcnative_linux_x86_64";

    private EngineProbe() {
    }

    /** What {@code --version} prints after "TLS engine:", for example {@code openssl (BoringSSL, netty-tcnative)}. */
    public static String describe() {
        if (!Boolean.getBoolean(NO_OPENSSL) && onLibraryPath()) {
            try {
                System.loadLibrary(LIBRARY);
                if (Library.initialize("provided", null)) {
                    return TlsProvider.OPENSSL + " (" + SSL.versionString() + ", netty-tcnative)";
                }
            } catch (Exception | LinkageError e) {
                // Fall through: TlsProvider.auto() tries the same library Netty's way and says why it fails.
            }
        }
        return full();
    }

    private static boolean onLibraryPath() {
        String name = System.mapLibraryName(LIBRARY);
        for (String dir : System.getProperty("java.library.path", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && new java.io.File(dir, name).isFile()) {
                return true;
            }
        }
        return false;
    }

    private static String full() {
        TlsProvider auto = TlsProvider.auto();
        if (auto == TlsProvider.OPENSSL) {
            return auto + " (" + auto.engineName() + ", netty-tcnative)";
        }
        Throwable why = TlsProvider.OPENSSL.unavailabilityCause();
        return auto + " (" + auto.engineName() + "; openssl unavailable: "
                + (why == null ? "unknown reason" : why.getMessage()) + ")";
    }
}
