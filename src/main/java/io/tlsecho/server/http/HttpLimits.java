package io.tlsecho.server.http;

import io.tlsecho.config.InvalidSettingException;
import java.time.Duration;

/**
 * The limits an HTTP client is held to.
 *
 * @param maxBody the largest request body, in bytes; a larger one is answered 413
 * @param maxHeaderBytes the largest request header block, in bytes; a larger one is answered 431
 * @param maxConcurrentStreams HTTP/2's SETTINGS_MAX_CONCURRENT_STREAMS
 * @param headerTimeout how long a request's header block may take to arrive once it has begun (slowloris)
 * @param drainTimeout how long a draining HTTP/2 connection lets its streams in flight finish after GOAWAY
 */
public record HttpLimits(int maxBody, int maxHeaderBytes, int maxConcurrentStreams, Duration headerTimeout,
                         Duration drainTimeout) {

    /** 1 MiB bodies, 16 KiB header blocks, 100 streams, 10 s for a header block, 5 s of drain. */
    public static final HttpLimits DEFAULTS = new HttpLimits(1024 * 1024, 16 * 1024, 100, Duration.ofSeconds(10),
            Duration.ofSeconds(5));

    public HttpLimits {
        if (maxBody < 0) {
            throw new InvalidSettingException("maxBody", String.valueOf(maxBody), ">= 0");
        }
        if (maxHeaderBytes < 1024) {
            throw new InvalidSettingException("maxHeaderBytes", String.valueOf(maxHeaderBytes), ">= 1024");
        }
        if (maxConcurrentStreams < 1) {
            throw new InvalidSettingException("maxConcurrentStreams", String.valueOf(maxConcurrentStreams), ">= 1");
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new InvalidSettingException("headerTimeout", headerTimeout.toString(), "> 0");
        }
    }

    /** These limits with another body limit. */
    public HttpLimits withMaxBody(int bytes) {
        return new HttpLimits(bytes, maxHeaderBytes, maxConcurrentStreams, headerTimeout, drainTimeout);
    }

    /** These limits with another header timeout. */
    public HttpLimits withHeaderTimeout(Duration timeout) {
        return new HttpLimits(maxBody, maxHeaderBytes, maxConcurrentStreams, timeout, drainTimeout);
    }

    /** These limits with another drain timeout. */
    public HttpLimits withDrainTimeout(Duration timeout) {
        return new HttpLimits(maxBody, maxHeaderBytes, maxConcurrentStreams, headerTimeout, timeout);
    }
}
