package io.tlsecho.cli;

import io.tlsecho.client.EchoClientConfig;
import java.util.Map;

/** The defaults of the client's options ({@code client}, and {@code bench}'s target), read from {@link EchoClientConfig}'s builder. */
public class ClientDefaults extends BuilderDefaults {

    public ClientDefaults() {
        super(sources());
    }

    /** The client's defaults and the options whose names differ from their settings; for a command's own provider. */
    static Object[] sources() {
        EchoClientConfig defaults = EchoClientConfig.builder().build();
        return new Object[] {defaults, Map.of("--timeout", defaults.readTimeout())};
    }
}
