package io.tlsecho.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/** Fetches CRLs and OCSP responses over plain HTTP, each request bounded by a timeout and a size. */
final class RevocationFetch {

    /** The largest CRL or OCSP response read: 10 MiB. */
    private static final int MAX_BYTES = 10 * 1024 * 1024;

    private final Duration timeout;

    RevocationFetch(Duration timeout) {
        this.timeout = timeout;
    }

    /** The body of {@code GET url}. */
    byte[] get(String url) throws IOException {
        return exchange(url, null, null);
    }

    /** The body of {@code POST url} with {@code body} of {@code type}. */
    byte[] post(String url, byte[] body, String type) throws IOException {
        return exchange(url, body, type);
    }

    private byte[] exchange(String url, byte[] body, String type) throws IOException {
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException("not an HTTP URL");
        }
        c.setConnectTimeout((int) timeout.toMillis());
        c.setReadTimeout((int) timeout.toMillis());
        c.setInstanceFollowRedirects(true);
        try {
            if (body != null) {
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", type);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + status);
            }
            try (InputStream in = c.getInputStream()) {
                return read(in);
            }
        } catch (ConnectException e) {
            throw new IOException("connection refused", e);
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
        } catch (UnknownHostException e) {
            throw new IOException("unknown host " + e.getMessage(), e);
        } finally {
            c.disconnect();
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_BYTES) {
                throw new IOException("answer larger than " + MAX_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }
}
