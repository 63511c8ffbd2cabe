package io.tlsecho.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tlsecho.server.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * A seeded property: whatever the payload (0 B to 4 MiB, no NUL), however it is cut into writes and
 * paused, over up to 200 connections at once, the echo is the payload, byte for byte.
 *
 * <p>{@code -Dtlsecho.nothingLost.seed=N} replays a run (the seed is in every failure message);
 * {@code -Dtlsecho.nothingLost.rounds=N} runs longer (bench/nothing-lost.sh).
 */
class NothingLostTest {

    private static final long SEED = Long.getLong("tlsecho.nothingLost.seed", new SecureRandom().nextLong());
    private static final int ROUNDS = Integer.getInteger("tlsecho.nothingLost.rounds", 2);
    private static final int MAX_CONNECTIONS = 200;
    private static final int MAX_PAYLOAD = 4 * 1024 * 1024;
    /** Echoes up to this size are kept and compared byte for byte; larger ones by SHA-256. */
    private static final int KEPT = 256 * 1024;

    @Test
    void everyEchoIsWhatWasSent() {
        System.out.printf("NothingLostTest seed=%d rounds=%d%n", SEED, ROUNDS);
        assertTimeoutPreemptively(Duration.ofSeconds(60L + 60L * ROUNDS), () -> {
            try (EchoServer server = EchoServer.start(Fixtures.server().idleTimeout(Duration.ofSeconds(30)).build())) {
                SplittableRandom root = new SplittableRandom(SEED);
                for (int round = 0; round < ROUNDS; round++) {
                    // The first round is always the widest.
                    int connections = round == 0 ? MAX_CONNECTIONS : 1 + root.nextInt(MAX_CONNECTIONS);
                    runRound(server, round, connections, root.split());
                }
            }
        }, () -> "seed=" + SEED + ": timed out");
    }

    private static void runRound(EchoServer server, int round, int connections, SplittableRandom random)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * connections);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Conversation c = new Conversation(round, i, size(i, random), random.split());
                done.add(pool.submit(() -> {
                    try {
                        c.run(server, pool);
                    } catch (Exception | AssertionError e) {
                        failures.add(c + ": " + e);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("seed=%d round %d (%d connections)", SEED, round, connections).isEmpty();
    }

    /** Mostly small payloads, some large, and the edges: connection 0 sends 4 MiB, connection 1 nothing. */
    private static int size(int i, SplittableRandom random) {
        if (i == 0) {
            return MAX_PAYLOAD;
        }
        if (i == 1) {
            return 0;
        }
        double p = random.nextDouble();
        return p < 0.6 ? random.nextInt(16 * 1024 + 1)
                : p < 0.9 ? random.nextInt(256 * 1024 + 1)
                : random.nextInt(MAX_PAYLOAD + 1);
    }

    /** One connection: writes the payload in random pieces with random pauses while reading the echo. */
    private record Conversation(int round, int index, int size, SplittableRandom random) {

        void run(EchoServer server, ExecutorService pool) throws Exception {
            byte[] payload = payload();
            try (Socket tcp = Fixtures.tcp(server)) {
                tcp.setSoTimeout(60_000);
                SSLSocket tls = Fixtures.tls(tcp);
                Future<byte[]> echo = pool.submit(() -> read(tls.getInputStream()));
                OutputStream out = tls.getOutputStream();
                int writes = 0;
                for (int at = 0; at < payload.length; writes++) {
                    int n = Math.min(payload.length - at, 1 + random.nextInt(1 << random.nextInt(17)));
                    out.write(payload, at, n);
                    at += n;
                    if (random.nextInt(20) == 0) {
                        Thread.sleep(random.nextInt(10));
                    }
                }
                out.write(0);
                out.flush();
                byte[] got = echo.get(90, TimeUnit.SECONDS);
                check(payload, got, writes);
            }
        }

        private byte[] payload() {
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) {
                payload[i] = (byte) (1 + random.nextInt(255));
            }
            return payload;
        }

        /** The echo if small, else its length and SHA-256 as 8 + 32 bytes. */
        private byte[] read(InputStream in) throws IOException {
            MessageDigest sha = sha256();
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long length = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                sha.update(buf, 0, n);
                length += n;
                if (size <= KEPT) {
                    kept.write(buf, 0, n);
                }
            }
            if (size <= KEPT) {
                return kept.toByteArray();
            }
            return summary(length, sha.digest());
        }

        private void check(byte[] payload, byte[] got, int writes) {
            String where = String.format("seed=%d round %d connection %d (%d bytes in %d writes)",
                    SEED, round, index, size, writes);
            if (size <= KEPT) {
                int diff = Arrays.mismatch(payload, got);
                assertThat(diff).as("%s: echo of %d bytes differs first at byte %d", where, got.length, diff)
                        .isEqualTo(-1);
            } else {
                byte[] expected = summary(size, sha256().digest(payload));
                assertThat(HexFormat.of().formatHex(got)).as("%s: echo length and SHA-256", where)
                        .isEqualTo(HexFormat.of().formatHex(expected));
            }
        }

        private static byte[] summary(long length, byte[] digest) {
            byte[] s = new byte[8 + digest.length];
            for (int i = 0; i < 8; i++) {
                s[i] = (byte) (length >>> (56 - 8 * i));
            }
            System.arraycopy(digest, 0, s, 8, digest.length);
            return s;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public String toString() {
            return String.format("seed=%d round %d connection %d (%d bytes)", SEED, round, index, size);
        }
    }
}
