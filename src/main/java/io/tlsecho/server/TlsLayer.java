package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.tlsecho.log.Messages;
import io.tlsecho.pki.PkiException;
import io.tlsecho.tls.KeyLog;
import io.tlsecho.tls.KeyLogException;
import io.tlsecho.tls.TlsContexts;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS part of a running server: its key material, loaded at start and reloaded when its files change or when
 * asked, the contexts made from it, and a TLS handler for each new connection.
 */
final class TlsLayer implements AutoCloseable {

    private static final Logger MAIN = LoggerFactory.getLogger("main");

    private final ServerTlsConfig config;
    private final ServerStats stats;
    private volatile ServerTls contexts;
    private volatile List<ServedCertificate> certificates;
    private KeyReloader reloader;

    private TlsLayer(ServerTlsConfig config, ServerStats stats, ServerTls contexts, LoadedKeys keys) {
        this.config = config;
        this.stats = stats;
        this.contexts = contexts;
        this.certificates = ServedCertificate.of(keys.certificate(), keys.sni());
    }

    /**
     * Loads the key material (the default pair is made first when configured and absent), makes the contexts and
     * starts watching the files.
     *
     * @throws io.tlsecho.config.InvalidSettingException a cipher suite or group the engine does not know
     */
    static TlsLayer start(ServerTlsConfig config, ServerStats stats) throws ServerStartException {
        // Settings the engine refuses are refused before any file is made.
        TlsContexts.checkSupported(config.options());
        KeyLog.warnIfUnsupported(config.options());
        List<Path> files = LoadedKeys.files(config);
        List<FileTime> readFrom;
        ServerTls contexts;
        LoadedKeys keys;
        try {
            // The default pair is made first, then the files' stamps taken before they are read: a change from
            // then on, even before the reloader starts polling, is a change it sees.
            config.keys().makeIfAbsent();
            readFrom = KeyReloader.stamps(files);
            keys = LoadedKeys.atStart(config);
            contexts = ServerTls.build(keys, config);
        } catch (PkiException e) {
            throw new ServerStartException(ServerStartException.Reason.KEYS, e.getMessage(), e);
        } catch (KeyLogException e) {
            throw new ServerStartException(ServerStartException.Reason.KEY_LOG, e.getMessage(), e);
        } catch (SSLException | IllegalArgumentException e) {
            throw new ServerStartException(ServerStartException.Reason.TLS_CONFIG,
                    "cannot set up TLS: " + Messages.of(e), e);
        }
        if (config.options().logsKeys()) {
            // A key log defeats TLS: say so where the operator looks.
            MAIN.warn("writing TLS keys to {}: anyone with this file can decrypt the traffic",
                    config.options().keyLogFile());
        }
        TlsLayer layer = new TlsLayer(config, stats, contexts, keys);
        // Started before "starting up" is logged, from the files' times taken before they were read: a change made
        // by someone who waited for that line (a test, a deploy script) must not go unseen.
        layer.reloader = new KeyReloader(files, layer::reloadAndLog, config.reloadInterval(), readFrom);
        return layer;
    }

    /** The TLS handler of a new connection, which chooses the certificate by SNI name if configured. */
    ChannelHandler newHandler(Channel ch, long handshakeTimeoutMillis) {
        return contexts.newHandler(ch, handshakeTimeoutMillis);
    }

    /** The certificates presented now: the default one first, then one per SNI name. */
    List<ServedCertificate> certificates() {
        return certificates;
    }

    /** Reads the key material again; see {@link EchoServer#reload()}. */
    synchronized void reload() throws PkiException {
        LoadedKeys keys;
        try {
            keys = LoadedKeys.load(config);
            contexts = ServerTls.build(keys, config);
        } catch (PkiException e) {
            stats.recordReload(false);
            throw e;
        } catch (SSLException | IllegalArgumentException e) {
            stats.recordReload(false);
            throw new PkiException(PkiException.Kind.MALFORMED, "cannot use the reloaded key material: "
                    + Messages.of(e), e);
        }
        certificates = ServedCertificate.of(keys.certificate(), keys.sni());
        stats.recordReload(true);
    }

    /** Reloads soon on the reload thread and logs the outcome. */
    void requestReload() {
        reloader.request();
    }

    private void reloadAndLog() {
        try {
            reload();
            MAIN.info("reloaded certificates: new connections get the new ones");
        } catch (PkiException e) {
            MAIN.warn("certificate reload failed, keeping the old ones: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        reloader.close();
    }
}
