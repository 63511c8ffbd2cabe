// The Go side of bench/https.py: a net/http HTTPS server (HTTP/2 by ALPN, HTTP/1.1 keep-alive) answering
// every path with a small JSON describing the connection and POST /echo with the body, as tlsecho does.
//   go run server.go PORT CERT KEY
package main

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
)

var versions = map[uint16]string{tls.VersionTLS12: "TLSv1.2", tls.VersionTLS13: "TLSv1.3"}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(body)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		d := map[string]any{"peer": r.RemoteAddr, "http": map[string]any{"version": r.Proto, "method": r.Method,
			"path": r.URL.RequestURI()}}
		if r.TLS != nil {
			d["tls"] = map[string]any{"protocol": versions[r.TLS.Version],
				"cipher": tls.CipherSuiteName(r.TLS.CipherSuite), "alpn": r.TLS.NegotiatedProtocol,
				"sni": r.TLS.ServerName, "resumed": r.TLS.DidResume}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(d)
	})
	fmt.Fprintln(os.Stderr, "listening on", os.Args[1])
	if err := http.ListenAndServeTLS("127.0.0.1:"+os.Args[1], os.Args[2], os.Args[3], mux); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
