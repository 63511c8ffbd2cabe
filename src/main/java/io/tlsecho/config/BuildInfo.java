package io.tlsecho.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit of this build, from {@code build.properties} that Maven writes: one source for
 * {@code tlsecho --version}, the admin {@code /status} and the {@code tlsecho_build_info} metric.
 */
public final class BuildInfo {

    private static final BuildInfo CURRENT = load();

    private final String version;
    private final String commit;

    private BuildInfo(String version, String commit) {
        this.version = version;
        this.commit = commit;
    }

    /** This build's information. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** The project's version, for example {@code 0.1.0-SNAPSHOT}, or {@code unknown} when not built by Maven. */
    public String version() {
        return version;
    }

    /** The abbreviated git commit, with {@code -dirty} when the tree had changes, or {@code unknown}. */
    public String commit() {
        return commit;
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(value(p, "version"), value(p, "commit"));
    }

    /** A property, or {@code unknown} when absent, empty (git failed) or left unfiltered (a build outside git). */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }
}
