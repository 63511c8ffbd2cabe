// storm: N TLS clients connect to an echo server at the same instant; each completes a handshake
// and one echo. Prints one JSON object: how many completed, why the others failed, handshake
// latency percentiles (from the common start to the client's handshake done) and the time until
// the last echo completed. Standard library only.
//
//	storm -addr 127.0.0.1:10443 -cafile ca.crt -n 5000 [-timeout 120s] [-start-at UNIX_MS] [-raw FILE]
//
// Several processes given the same -start-at start together (the open-file limit is per
// process); -raw writes each completed client's handshake and completion times (ms), one pair a
// line, for merging.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

type outcome struct {
	handshake time.Duration // from the start to the handshake done
	done      time.Duration // from the start to the echo read back
	err       string
}

func main() {
	addr := flag.String("addr", "127.0.0.1:10443", "server address")
	cafile := flag.String("cafile", "", "CA certificate (PEM) to trust")
	n := flag.Int("n", 1000, "clients, all started at once")
	timeout := flag.Duration("timeout", 120*time.Second, "per client: time allowed for connect, handshake and echo")
	serverName := flag.String("servername", "localhost", "SNI name and name verified")
	startAt := flag.Int64("start-at", 0, "start at this Unix time in milliseconds (default: when all are ready)")
	raw := flag.String("raw", "", "write 'handshake_ms done_ms' for each completed client to this file")
	flag.Parse()

	pool := x509.NewCertPool()
	pem, err := os.ReadFile(*cafile)
	if err != nil || !pool.AppendCertsFromPEM(pem) {
		fmt.Fprintf(os.Stderr, "storm: cannot read CA certificates from %q\n", *cafile)
		os.Exit(2)
	}
	config := &tls.Config{RootCAs: pool, ServerName: *serverName, ClientSessionCache: nil}

	results := make([]outcome, *n)
	start := make(chan struct{})
	var ready, finished sync.WaitGroup
	ready.Add(*n)
	finished.Add(*n)
	var t0 time.Time
	for i := 0; i < *n; i++ {
		go func(i int) {
			defer finished.Done()
			ready.Done()
			<-start
			results[i] = run(*addr, config, *timeout, t0)
		}(i)
	}
	ready.Wait()
	if *startAt > 0 {
		time.Sleep(time.Until(time.UnixMilli(*startAt)))
	}
	t0 = time.Now()
	close(start)
	finished.Wait()
	report(results)
	if *raw != "" {
		writeRaw(*raw, results)
	}
}

func writeRaw(path string, results []outcome) {
	var b strings.Builder
	for _, r := range results {
		if r.err == "" {
			fmt.Fprintf(&b, "%.3f %.3f\n", ms(r.handshake), ms(r.done))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "storm: %v\n", err)
		os.Exit(2)
	}
}

func run(addr string, config *tls.Config, timeout time.Duration, t0 time.Time) outcome {
	deadline := t0.Add(timeout)
	dialer := &net.Dialer{Deadline: deadline}
	raw, err := dialer.Dial("tcp", addr)
	if err != nil {
		return outcome{err: "connect: " + kind(err)}
	}
	defer raw.Close()
	raw.SetDeadline(deadline)
	conn := tls.Client(raw, config)
	if err := conn.Handshake(); err != nil {
		return outcome{err: "handshake: " + kind(err)}
	}
	hs := time.Since(t0)
	msg := []byte("storm\x00")
	if _, err := conn.Write(msg); err != nil {
		return outcome{handshake: hs, err: "write: " + kind(err)}
	}
	echo, err := io.ReadAll(conn)
	if err != nil && !errors.Is(err, io.EOF) && len(echo) < len(msg)-1 {
		return outcome{handshake: hs, err: "read: " + kind(err)}
	}
	if string(echo) != "storm" {
		return outcome{handshake: hs, err: fmt.Sprintf("echo: got %d bytes", len(echo))}
	}
	return outcome{handshake: hs, done: time.Since(t0)}
}

func kind(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return "reset"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "closed"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.EMFILE):
		return "too many open files"
	}
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

func report(results []outcome) {
	var hs, done []time.Duration
	failures := map[string]int{}
	for _, r := range results {
		if r.err != "" {
			failures[r.err]++
			continue
		}
		hs = append(hs, r.handshake)
		done = append(done, r.done)
	}
	sort.Slice(hs, func(a, b int) bool { return hs[a] < hs[b] })
	sort.Slice(done, func(a, b int) bool { return done[a] < done[b] })
	out := map[string]any{
		"clients":   len(results),
		"completed": len(done),
		"failed":    len(results) - len(done),
		"failures":  failures,
	}
	if len(hs) > 0 {
		out["handshake_p50_ms"] = ms(pct(hs, 50))
		out["handshake_p99_ms"] = ms(pct(hs, 99))
		out["handshake_max_ms"] = ms(hs[len(hs)-1])
		out["last_completed_ms"] = ms(done[len(done)-1])
	}
	json.NewEncoder(os.Stdout).Encode(out)
}

func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return sorted[i-1]
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
