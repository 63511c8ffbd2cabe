package io.tlsecho.cli;

import io.tlsecho.config.BuildInfo;
import io.tlsecho.tls.EngineProbe;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints, for the top command and every subcommand alike: the version and git commit
 * ({@link BuildInfo}, as {@code /status} and {@code tlsecho_build_info} report them), the Java runtime and the TLS
 * engine that {@code --provider auto} picks here.
 */
public final class VersionInfo {

    private VersionInfo() {
    }

    /**
     * picocli's face of {@link VersionInfo}, apart so that {@code tlsecho --version} alone loads no picocli class:
     * picocli's are Java 5 class files, which class-data sharing cannot archive.
     */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }
    }

    /** The lines {@code --version} prints. */
    public static String[] lines() {
        BuildInfo build = BuildInfo.current();
        return new String[] {
            "tlsecho " + build.version(),
            "commit:     " + build.commit(),
            "runtime:    " + runtime(),
            "TLS engine: " + engine(),
        };
    }

    private static String runtime() {
        return System.getProperty("java.vm.name", "Java") + " " + System.getProperty("java.runtime.version", "")
                + " (" + System.getProperty("java.home", "unknown home") + ")";
    }

    private static String engine() {
        return EngineProbe.describe();
    }
}
