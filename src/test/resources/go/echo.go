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
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
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
	fs.Parse(os.Args[2:])
	switch os.Args[1] {
	case "client":
		client(*addr, *ca, *name, fs.Args())
	case "server":
		server(*addr, *cert, *key, *plain)
	default:
		fail("unknown mode " + os.Args[1])
	}
}

func client(addr, ca, name string, parts []string) {
	pem, err := os.ReadFile(ca)
	check(err)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		fail("no certificate in " + ca)
	}
	if name == "" {
		name = strings.Split(addr, ":")[0]
	}
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: name, MinVersion: tls.VersionTLS12})
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
