package io.tlsecho.server;

import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;

/** Whether connections start with a PROXY protocol header, and which versions are accepted. */
public enum ProxyProtocol {
    /** No header: the socket's peer is the client. */
    OFF,
    /** The text header, {@code PROXY TCP4 ...\r\n}. */
    V1,
    /** The binary header. */
    V2,
    /** Either version. */
    ANY;

    boolean accepts(HAProxyProtocolVersion version) {
        return switch (this) {
            case OFF -> false;
            case V1 -> version == HAProxyProtocolVersion.V1;
            case V2 -> version == HAProxyProtocolVersion.V2;
            case ANY -> true;
        };
    }

    /** "a PROXY v2 header", as the rejection of a connection says what was expected. */
    String expected() {
        return switch (this) {
            case V1 -> "a PROXY v1 header";
            case V2 -> "a PROXY v2 header";
            default -> "a PROXY header";
        };
    }
}
