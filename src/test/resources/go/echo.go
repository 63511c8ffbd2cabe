// A TLS echo peer in Go's crypto/tls, speaking tlsecho's protocol: the message ends at NUL.
//
//	echo client -addr HOST:PORT -ca CA.pem [-name NAME] PART...   writes the echo to stdout
//	echo server -addr 127.0.0.1:0 -cert C.pem -key K.pem          prints "listening on PORT" to stderr
//	echo server -addr 127.0.0.1:0 -plain                          the same without TLS (a floor for benchmarks)
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: echo client|server [flags]")
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address")
	ca := fs.String("ca", "", "CA certificates (PEM) the client trusts")
	name := fs.String("name", "", "server name to verify and send by SNI (default: the host)")
	cert := fs.String("cert", "", "server certificate (PEM)")
	key := fs.String("key", "", "server key (PEM)")
	plain := fs.Bool("plain", false, "server: plain TCP, no TLS (for measuring the floor only)")
	conns := fs.Int("c", 16, "load: sessions at once")
	size := fs.Int("size", 46, "load: bytes in each session's message")
	duration := fs.Duration("duration", 8*time.Second, "load: time measured, after -warmup")
	warmup := fs.Duration("warmup", 0, "load: time run first, not measured")
	out := fs.String("json", "", "load: write the figures to this file as JSON")
	mode := fs.String("mode", "session", "load: session (a handshake per message) or pingpong (c connections, each "+
		"echoing -size bytes back and forth)")
	fs.Parse(os.Args[2:])
	switch os.Args[1] {
	case "client":
		client(*addr, *ca, *name, fs.Args())
	case "server":
		server(*addr, *cert, *key, *plain)
	case "load":
		if *mode != "session" && *mode != "pingpong" {
			fail("unknown load mode " + *mode + " (session, pingpong)")
		}
		load(*addr, *ca, *name, *mode, *conns, *size, *warmup, *duration, *out)
	default:
		fail("unknown mode " + os.Args[1])
	}
}

func client(addr, ca, name string, parts []string) {
	conn, err := tls.Dial("tcp", addr, clientConfig(addr, ca, name))
	check(err)
	for _, p := range parts {
		_, err = conn.Write([]byte(p))
		check(err)
	}
	_, err = conn.Write([]byte{0})
	check(err)
	echo, err := io.ReadAll(conn)
	check(err)
	os.Stdout.Write(echo)
	conn.Close()
}

func server(addr, certFile, keyFile string, plain bool) {
	var ln net.Listener
	var err error
	if plain {
		fmt.Fprintln(os.Stderr, "echo: plain TCP, nothing is encrypted (for measuring only)")
		ln, err = net.Listen("tcp", addr)
	} else {
		pair, lerr := tls.LoadX509KeyPair(certFile, keyFile)
		check(lerr)
		ln, err = tls.Listen("tcp", addr, &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12})
	}
	check(err)
	fmt.Fprintf(os.Stderr, "listening on %d\n", ln.Addr().(*net.TCPAddr).Port)
	for {
		conn, err := ln.Accept()
		check(err)
		go serve(conn)
	}
}

// load runs sessions as tlsecho's bench --mode session does (a full TLS handshake with X25519, the message and a
// NUL in one write, the echo read until the server closes, then close), c at a time, and prints each second's count
// in bench's progress format ("[  1.0s] 2,345 req/s"). A load generator with nothing to warm up, so that a JVM
// server's first seconds are measured by a client already at full speed (bench/compare.py, workload ec-go). In mode
// pingpong each of the c goroutines keeps one connection and counts a request per echo of size bytes (workload 1k-go).
func load(addr, ca, name, mode string, c, size int, warmup, duration time.Duration, out string) {
	config := clientConfig(addr, ca, name)
	config.CurvePreferences = []tls.CurveID{tls.X25519}
	message := append(bytes.Repeat([]byte("x"), size), 0)
	start := time.Now()
	measureFrom := start.Add(warmup)
	end := measureFrom.Add(duration)
	var count, errors int64
	var mu sync.Mutex
	var latencies []time.Duration
	var wg sync.WaitGroup
	for i := 0; i < c; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 4096)
			msg := message
			var conn *tls.Conn
			if mode == "pingpong" {
				var err error
				conn, err = tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr, config)
				if err != nil {
					atomic.AddInt64(&errors, 1)
					return
				}
				defer conn.Close()
				msg = message[:size] // no NUL: the connection stays open
				buf = make([]byte, size)
			}
			for time.Now().Before(end) {
				t0 := time.Now()
				if conn != nil {
					if !pingPong(conn, msg, buf) {
						atomic.AddInt64(&errors, 1)
						return
					}
				} else if session(addr, config, msg, buf) != size {
					atomic.AddInt64(&errors, 1)
					continue
				}
				atomic.AddInt64(&count, 1)
				if t0.After(measureFrom) {
					mu.Lock()
					latencies = append(latencies, time.Since(t0))
					mu.Unlock()
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var last int64
	ticker := time.NewTicker(time.Second)
	for running := true; running; {
		select {
		case <-ticker.C:
			n := atomic.LoadInt64(&count)
			fmt.Fprintf(os.Stderr, "[%5.1fs] %d req/s\n", time.Since(start).Seconds(), n-last)
			last = n
		case <-done:
			running = false
		}
	}
	if out == "" {
		return
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds())
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	measured := int64(len(latencies))
	result := map[string]interface{}{
		"requests": measured, "rps": float64(measured) / duration.Seconds(), "errors": errors,
		"latency_us": map[string]float64{"p50": pct(0.5), "p99": pct(0.99)},
		"client_cpu_per_request_us": float64(cpu.Microseconds()) / float64(atomic.LoadInt64(&count)+1),
	}
	data, err := json.Marshal(result)
	check(err)
	check(os.WriteFile(out, data, 0o644))
}

// session is one conversation; it returns the bytes echoed, or -1 when it failed. buf is the caller's, reused.
func session(addr string, config *tls.Config, message, buf []byte) int {
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr, config)
	if err != nil {
		return -1
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write(message); err != nil {
		return -1
	}
	echoed := 0
	for {
		n, err := conn.Read(buf)
		echoed += n
		if err == io.EOF {
			return echoed
		}
		if err != nil {
			return -1
		}
	}
}

// pingPong writes message on conn and reads its echo into buf (as long as message); whether it all came back.
func pingPong(conn *tls.Conn, message, buf []byte) bool {
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write(message); err != nil {
		return false
	}
	_, err := io.ReadFull(conn, buf)
	return err == nil
}

// clientConfig trusts the certificates in ca and verifies name (default: the host of addr), TLS 1.2 and up.
func clientConfig(addr, ca, name string) *tls.Config {
	pem, err := os.ReadFile(ca)
	check(err)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		fail("no certificate in " + ca)
	}
	if name == "" {
		name = strings.Split(addr, ":")[0]
	}
	return &tls.Config{RootCAs: pool, ServerName: name, MinVersion: tls.VersionTLS12}
}

func serve(conn net.Conn) {
	defer conn.Close()
	// io.Copy's buffer size: a whole TLS record's plaintext fits.
	buf := make([]byte, 32*1024)
	for {
		n, err := conn.Read(buf)
		if n > 0 {
			if i := bytes.IndexByte(buf[:n], 0); i >= 0 {
				conn.Write(buf[:i])
				return
			}
			if _, werr := conn.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "echo: "+msg)
	os.Exit(1)
}
