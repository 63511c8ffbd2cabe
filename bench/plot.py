#!/usr/bin/env python3
"""Charts and the short table of a bench/compare.py run, drawn from its JSON results with matplotlib.

    bench/plot.py [RESULTS.json] [--out DIR] [--stem STEM] [--table]

Reads RESULTS.json (default bench/results/latest.json) and writes two SVG charts to DIR (default:
the JSON's directory):

  STEM-front.svg  the README's chart: server CPU per operation of tlsecho, Go's crypto/tls and the
                  asyncio seed on the five TLS workloads (log scale, lower is better)
  STEM-all.svg    every server of the run: requests/s and server CPU per operation, each workload

With --table it prints the README's short table (Markdown) to stdout. Nothing is measured here:
re-running it on the same JSON gives the same figures. Needs python3-matplotlib (Debian).
"""

import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (the backend is chosen first)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RESULTS = os.path.join(HERE, "results", "latest.json")

TLSECHO, GO, SEED = "tlsecho", "Go crypto/tls", "asyncio seed"
FRONT_SERVERS = [TLSECHO, GO, SEED]
# The five TLS workloads of the front page, by their key in the results: two echo sizes, full
# handshakes with each key type, and 10,000 idle connections.
FRONT_WORKLOADS = ["1k", "64k", "ec", "rsa", "idle"]
# One colour per server, fixed so a server looks the same in every chart (matplotlib's tab10).
COLORS = {TLSECHO: "#1f77b4", "tlsecho (jdk, nio)": "#aec7e8", GO: "#2ca02c", SEED: "#d62728",
          "asyncio seed + uvloop": "#ff9896", "plain TCP: tlsecho --plain": "#7f7f7f", "plain TCP: Go": "#c7c7c7"}
OTHER_COLORS = ["#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def row(rows, server, key):
    return next((r for r in rows if r["server"] == server and r["key"] == key), None)


def label(r):
    """A workload's name on two lines at its first comma, for the x axis."""
    return r["workload"].replace(", ", ",\n", 1)


def number(v, digits=3):
    """A figure as a whole number with thousands separators from 1,000 up, else to `digits` significant
    digits: 38,800, 1,355, 374, 6.58; None as a dash."""
    if v is None:
        return "–"
    if v >= 1000:
        return "{:,.0f}".format(v)
    text = "%.*g" % (digits, v)
    return "{:,.0f}".format(v) if "e" in text else text


def rss(r):
    """The server's RSS in MB; for the idle workload also per connection."""
    per = r.get("rss_per_connection_kb")
    text = number(r["server_rss_mb"])
    return text + (" (%s KB/conn)" % number(per, 2) if per else "")


def cold(r):
    """The server CPU per operation in its first 5 s of load, or None (idle has no cold figure)."""
    c = r.get("cold")
    return c[0]["cpu_us_per_request"] if c else None


def table(doc):
    """The README's short table: the front workloads, tlsecho against Go and the seed."""
    rows = doc["rows"]
    lines = ["| workload | server | ops/s | server CPU µs/op | cold: CPU µs/op, first 5 s | RSS MB |",
             "|---|---|---:|---:|---:|---:|"]
    for key in FRONT_WORKLOADS:
        for server in FRONT_SERVERS:
            r = row(rows, server, key)
            if r is None:
                continue
            lines.append("| %s | %s | %s | %s | %s | %s |" % (
                r["workload"], server, number(r["rps"]), number(r["server_cpu_us_per_request"]),
                number(cold(r)), rss(r)))
    return "\n".join(lines) + "\n"


def caption(meta):
    return "%s, %d cores, load average %s at the start" % (meta["date"], meta["cores"], meta["loadavg"])


def setup():
    plt.rcParams.update({
        "svg.fonttype": "none",      # text stays text: searchable, small, selectable
        "svg.hashsalt": "tlsecho",   # the same JSON gives the same file
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


def bars(ax, rows, servers, keys, value, ylabel, annotate):
    """Grouped bars, one group per workload key and one bar per server that has a figure for it,
    each group centred on its tick."""
    width = 0.8 / len(servers)
    place = {}
    for i, key in enumerate(keys):
        present = [s for s in servers if row(rows, s, key) is not None and value(row(rows, s, key))]
        for j, server in enumerate(present):
            place[(server, key)] = i + width * (j + 0.5 - len(present) / 2)
    for server in servers:
        xs = [place[(server, k)] for k in keys if (server, k) in place]
        ys = [value(row(rows, server, k)) for k in keys if (server, k) in place]
        if not xs:
            continue
        drawn = ax.bar(xs, ys, width * 0.92, label=server, color=color(server, servers))
        if annotate:
            ax.bar_label(drawn, labels=[number(y, 2) for y in ys], fontsize=8, padding=2)
    ax.set_yscale("log")
    ax.set_ylabel(ylabel)
    ax.set_xticks(range(len(keys)))
    ax.set_xticklabels([label(next(r for r in rows if r["key"] == k)) for k in keys])
    ax.grid(axis="y", which="major", color="#dddddd")
    ax.set_axisbelow(True)


def color(server, servers):
    if server in COLORS:
        return COLORS[server]
    return OTHER_COLORS[servers.index(server) % len(OTHER_COLORS)]


def front(doc, path):
    rows = [r for r in doc["rows"] if r["server"] in FRONT_SERVERS and r["key"] in FRONT_WORKLOADS]
    keys = [k for k in FRONT_WORKLOADS if any(r["key"] == k for r in rows)]
    servers = [s for s in FRONT_SERVERS if any(r["server"] == s for r in rows)]
    fig, ax = plt.subplots(figsize=(9, 4.6))
    bars(ax, rows, servers, keys, lambda r: r["server_cpu_us_per_request"],
         "server CPU per operation, µs (log scale)", annotate=True)
    ax.set_title("Server CPU per operation: lower is better (%s)" % caption(doc["meta"]), fontsize=10)
    ax.legend(title="server", loc="upper left", frameon=False)
    ax.margins(y=0.15)
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


def everything(doc, path):
    rows = doc["rows"]
    servers = list(dict.fromkeys(r["server"] for r in rows))
    keys = list(dict.fromkeys(r["key"] for r in rows))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(12, 8.5), sharex=True)
    bars(top, rows, servers, keys, lambda r: r["rps"], "operations per second (log scale)", annotate=False)
    top.set_title("Operations per second: higher is better (%s)" % caption(doc["meta"]), fontsize=10)
    bars(bottom, rows, servers, keys, lambda r: r["server_cpu_us_per_request"],
         "server CPU per operation, µs (log scale)", annotate=False)
    bottom.set_title("Server CPU per operation: lower is better", fontsize=10)
    handles, labels = top.get_legend_handles_labels()
    fig.legend(handles, labels, title="server", loc="upper center", ncol=4, frameon=False,
               bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(rect=(0, 0, 1, 0.91))
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="?", default=DEFAULT_RESULTS, help="a compare.py JSON (default: %(default)s)")
    ap.add_argument("--out", help="directory for the charts (default: the JSON's)")
    ap.add_argument("--stem", default="latest", help="file name stem (default: %(default)s)")
    ap.add_argument("--table", action="store_true", help="print the README's short table")
    args = ap.parse_args(argv)
    doc = load(args.results)
    out = args.out or os.path.dirname(os.path.abspath(args.results))
    write(doc, out, args.stem)
    if args.table:
        sys.stdout.write(table(doc))


def write(doc, out_dir, stem):
    """Writes STEM-front.svg and STEM-all.svg for DOC into OUT_DIR."""
    setup()
    os.makedirs(out_dir, exist_ok=True)
    front(doc, os.path.join(out_dir, stem + "-front.svg"))
    everything(doc, os.path.join(out_dir, stem + "-all.svg"))


if __name__ == "__main__":
    main()
