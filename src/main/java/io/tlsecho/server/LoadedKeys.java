package io.tlsecho.server;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a server's {@link KeySource}s held when last read: the default certificate and one per SNI name. */
record LoadedKeys(HeldCertificate certificate, Map<String, HeldCertificate> sni) {

    LoadedKeys {
        // In the order given, as /status and the metrics list them.
        sni = Collections.unmodifiableMap(new LinkedHashMap<>(sni));
    }

    /** Reads every source of {@code config} at start (the default pair may be made). */
    static LoadedKeys atStart(ServerTlsConfig config) throws PkiException {
        return read(config, true);
    }

    /** Reads every source of {@code config} again; nothing is made. */
    static LoadedKeys load(ServerTlsConfig config) throws PkiException {
        return read(config, false);
    }

    /** The files the sources of {@code config} read. */
    static List<Path> files(ServerTlsConfig config) {
        List<Path> files = new ArrayList<>(config.keys().files());
        config.sniKeys().values().forEach(k -> files.addAll(k.files()));
        return files;
    }

    private static LoadedKeys read(ServerTlsConfig config, boolean starting) throws PkiException {
        HeldCertificate certificate = starting ? config.keys().loadAtStart() : config.keys().load();
        Map<String, HeldCertificate> sni = new LinkedHashMap<>();
        for (Map.Entry<String, KeySource> e : config.sniKeys().entrySet()) {
            sni.put(e.getKey(), e.getValue().load());
        }
        return new LoadedKeys(certificate, sni);
    }
}
