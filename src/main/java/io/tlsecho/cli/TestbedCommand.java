package io.tlsecho.cli;

import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.json.Json;
import io.tlsecho.log.Messages;
import io.tlsecho.pki.PkiException;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.testbed.Scenario;
import io.tlsecho.testbed.Testbed;
import io.tlsecho.testbed.TestbedConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tlsecho testbed}: one listener per flaw, for testing TLS clients, until SIGINT or SIGTERM. */
@Command(name = "testbed", mixinStandardHelpOptions = true, defaultValueProvider = TestbedCommand.Defaults.class,
        description = "Serve one echo listener per scenario (a flawed certificate or setting) on consecutive ports, "
                + "under a root CA written to DIR/ca.crt, for testing that TLS clients accept and reject what they should.")
final class TestbedCommand implements Callable<Integer> {

    /** The options' defaults, from {@link TestbedConfig.Builder}'s ({@code --dir} has none: a new directory). */
    static final class Defaults extends BuilderDefaults {
        Defaults() {
            super(java.util.Collections.singletonMap("--dir", null),
                    TestbedConfig.builder(Path.of("")).build());
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port-base", paramLabel = "PORT",
            description = "Port of the first scenario; the others follow in order (default: ${DEFAULT-VALUE}); 0 gives each a free port.")
    int portBase;

    @Option(names = "--single-port", paramLabel = "PORT",
            description = "Also serve every scenario on this one port, chosen by the name the client asks for (SNI <scenario>.localhost, e.g. expired.localhost); 0 for a free port (default: none).")
    Integer singlePort;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to write ca.crt (the root to trust), intermediate.crt, client.crt and client.key (default: a new tlsecho-testbed-* directory here).")
    Path dir;

    @Option(names = "--json", description = "Once every listener is up, print the scenarios as one JSON array on standard output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        logging.apply(System.err);
        TestbedConfig config;
        try {
            // Every option checked before the directory is made.
            TestbedConfig.checkListening(host, portBase);
            TestbedConfig.checkSinglePort(singlePort);
            config = TestbedConfig.builder(directory()).host(host).portBase(portBase).singlePort(singlePort).build();
        } catch (InvalidSettingException e) {
            throw UserException.of(e);
        }
        Testbed testbed;
        try {
            testbed = Testbed.start(config);
        } catch (PkiException e) {
            throw UserException.of(e);
        } catch (ServerStartException e) {
            throw UserException.of(e);
        }
        try {
            print(testbed);
            new Signals(null).awaitStop();
        } finally {
            testbed.close();
        }
        return ExitCode.OK;
    }

    private Path directory() {
        if (dir != null) {
            return dir;
        }
        try {
            return Files.createTempDirectory(Path.of("").toAbsolutePath(), "tlsecho-testbed-");
        } catch (IOException e) {
            throw new UserException(ExitCode.FILE, "cannot make a directory for the testbed here: " + Messages.of(e), e);
        }
    }

    static final String SINGLE_PORT_WHY = "every scenario but hang-after-accept, chosen by the name the client sends "
            + "by SNI, <scenario>.localhost; any other name, or none: a fatal unrecognized_name alert";

    private static Map<String, Object> singlePortEntry(int port) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "single-port");
        m.put("port", port);
        m.put("why", SINGLE_PORT_WHY);
        return m;
    }

    private void print(Testbed testbed) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Object> array = new ArrayList<>();
            for (Testbed.Listener l : testbed.listeners()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", l.scenario().scenarioName());
                m.put("port", l.port());
                m.put("expect", l.scenario().expect().toString());
                m.put("why", l.scenario().why(testbed.dir()));
                if (!l.scenario().requires().isEmpty()) {
                    m.put("requires", l.scenario().requires());
                }
                if (!l.scenario().timeout().isZero()) {
                    m.put("timeout_s", l.scenario().timeout().toSeconds());
                }
                if (l.scenario() == Scenario.CLIENT_CERT_REQUIRED) {
                    m.put("with_client_cert", "accept");
                }
                if (testbed.singlePort().isPresent()) {
                    Testbed.notOnSinglePort(l.scenario()).ifPresentOrElse(why -> m.put("not_on_single_port", why),
                            () -> m.put("sni", Testbed.serverName(l.scenario())));
                }
                array.add(m);
            }
            Map<String, Object> responder = new LinkedHashMap<>();
            responder.put("name", "responder");
            responder.put("port", testbed.responderPort());
            responder.put("url", testbed.responderUrl());
            responder.put("why", "plain HTTP: CRLs at /crl/root.crl and /crl/intermediate.crl, OCSP at /ocsp (POST, or GET)");
            array.add(responder);
            testbed.singlePort().ifPresent(port -> array.add(singlePortEntry(port)));
            out.println(Json.write(array));
        } else {
            out.println("trust " + testbed.dir().resolve("ca.crt") + "; client certificate "
                    + testbed.dir().resolve("client.crt") + ", key " + testbed.dir().resolve("client.key"));
            for (Testbed.Listener l : testbed.listeners()) {
                out.printf("%-26s %s:%-5d  %-10s  %s%n", l.scenario().scenarioName(), testbed.config().host(), l.port(),
                        l.scenario().expect(), l.scenario().why(testbed.dir()));
            }
            out.printf("%-26s %s  (CRLs at /crl/root.crl and /crl/intermediate.crl, OCSP at /ocsp)%n", "responder",
                    testbed.responderUrl());
            testbed.singlePort().ifPresent(port -> out.printf("%-26s %s:%-5d  %s%n", "single-port",
                    testbed.config().host(), port, SINGLE_PORT_WHY));
        }
        out.flush();
    }
}
