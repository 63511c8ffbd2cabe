#!/usr/bin/env python3
"""Reference peer: the PyMOTW-3 "asyncio -- Using SSL" echo server, parameterised.

This is the seed's asyncio_echo_server_ssl.py, kept faithful to the original on
purpose (including its NUL handling: it only looks for the NUL at the end of a
read and strips trailing NULs only).  What differs from the original:

* the address, certificate and key come from the command line;
* --port 0 is allowed; the line "main: starting up on HOST port PORT" then
  carries the port actually bound (tests parse it);
* SIGTERM and SIGINT stop the loop cleanly ("main: closing server",
  "main: closing event loop");
* --uvloop installs uvloop first (Debian package python3-uvloop).

Standard library only (besides the optional uvloop); Python 3.11+.
"""

import argparse
import asyncio
import logging
import signal
import ssl
import sys


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='localhost')
    parser.add_argument('--port', type=int, default=10000)
    parser.add_argument('--cert', default='pymotw.crt')
    parser.add_argument('--key', default='pymotw.key')
    parser.add_argument('--uvloop', action='store_true',
                        help='install uvloop as the event loop policy')
    return parser.parse_args(argv)


args = parse_args()

if args.uvloop:
    try:
        import uvloop
    except ImportError as exc:
        print('asyncio_echo_server: --uvloop: {}'.format(exc), file=sys.stderr)
        sys.exit(2)
    uvloop.install()

logging.basicConfig(
    level=logging.DEBUG,
    format='%(name)s: %(message)s',
    stream=sys.stderr,
)
log = logging.getLogger('main')

event_loop = asyncio.new_event_loop()
asyncio.set_event_loop(event_loop)


async def echo(reader, writer):
    address = writer.get_extra_info('peername')
    log = logging.getLogger('echo_{}_{}'.format(*address))
    log.debug('connection accepted')
    while True:
        data = await reader.read(128)
        terminate = data.endswith(b'\x00')
        data = data.rstrip(b'\x00')
        if data:
            log.debug('received {!r}'.format(data))
            writer.write(data)
            await writer.drain()
            log.debug('sent {!r}'.format(data))
        if not data or terminate:
            log.debug('message terminated, closing connection')
            writer.close()
            return


async def start_server(host, port, ssl_context):
    """Start the server; with port 0, make every bound address share one port.

    'localhost' usually resolves to both ::1 and 127.0.0.1, and binding port 0
    would give each socket its own ephemeral port.
    """
    server = await asyncio.start_server(echo, host, port, ssl=ssl_context)
    for _ in range(20):
        ports = {sock.getsockname()[1] for sock in server.sockets}
        if port != 0 or len(ports) == 1:
            return server
        wanted = server.sockets[0].getsockname()[1]
        server.close()
        await server.wait_closed()
        try:
            server = await asyncio.start_server(echo, host, wanted,
                                                ssl=ssl_context)
            return server
        except OSError:
            server = await asyncio.start_server(echo, host, 0,
                                                ssl=ssl_context)
    return server


# The certificate is created with pymotw.com as the hostname,
# which will not match when the example code runs elsewhere,
# so disable hostname verification
ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ssl_context.check_hostname = False
ssl_context.load_cert_chain(args.cert, args.key)

# Create the server and let the loop finish the coroutine before
# starting the real event loop.
server = event_loop.run_until_complete(
    start_server(args.host, args.port, ssl_context))

# Stop on SIGTERM as on SIGINT (Ctrl-C).
for signum in (signal.SIGTERM, signal.SIGINT):
    event_loop.add_signal_handler(signum, event_loop.stop)


def announce():
    # Logged once the loop runs, so a signal sent as soon as this line is
    # seen is handled (uvloop only dispatches signals from a running loop).
    bound_port = server.sockets[0].getsockname()[1]
    log.debug('starting up on {} port {}'.format(args.host, bound_port))
    sys.stderr.flush()


event_loop.call_soon(announce)
try:
    event_loop.run_forever()
except KeyboardInterrupt:
    pass
finally:
    log.debug('closing server')
    server.close()
    event_loop.run_until_complete(server.wait_closed())
    log.debug('closing event loop')
    event_loop.close()
    sys.stderr.flush()
