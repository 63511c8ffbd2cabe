package io.tlsecho.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code HOST:PORT}, {@code [v6]:PORT} or {@code :PORT} (every interface) as an unresolved address. */
public final class HostPortConverter implements ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new TypeConversionException("'" + value + "' has no port (expected HOST:PORT, e.g. 127.0.0.1:9100)");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new TypeConversionException("'" + value + "': write an IPv6 address in brackets, e.g. [::1]:9100");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new TypeConversionException("'" + value + "': port " + value.substring(colon + 1) + " (expected: 0-65535)");
        }
        return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, port);
    }
}
