#!/usr/bin/env python3
"""Reference peer: the PyMOTW-3 "asyncio -- Using SSL" echo client, parameterised.

This is the seed's asyncio_echo_client_ssl.py, kept faithful to the original:
it writes the message in parts, then one NUL byte (TLS as Python exposes it
cannot half-close), then reads up to 128 bytes at a time until end of stream.
What differs from the original:

* the address and CA file come from the command line; hostname checking is
  off unless --check-hostname is given (the chain is verified either way);
* the message parts may be given as arguments (UTF-8); the default is the
  seed's three parts;
* all bytes received are written, raw, to stdout at the end;
* connection and TLS errors exit with status 1 and one line on stderr
  ("asyncio_echo_client: error: ...").

Standard library only; Python 3.11+.
"""

import argparse
import asyncio
import logging
import ssl
import sys

MESSAGES = [
    b'This is the message. ',
    b'It will be sent ',
    b'in parts.',
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='localhost')
    parser.add_argument('--port', type=int, default=10000)
    parser.add_argument('--cafile', default='pymotw.crt')
    parser.add_argument('--check-hostname', action='store_true',
                        help='verify the server name too (off in the seed)')
    parser.add_argument('--timeout', type=float, default=30.0,
                        help='give up after this many seconds (default 30)')
    parser.add_argument('messages', nargs='*', metavar='MESSAGE',
                        help='message parts to send (default: the seed\'s)')
    return parser.parse_args(argv)


async def echo_client(address, messages, cafile, check_hostname):
    log = logging.getLogger('echo_client')
    log.debug('connecting to {} port {}'.format(*address))

    # The certificate is created with pymotw.com as the hostname,
    # which will not match when the example code runs
    # elsewhere, so disable hostname verification.
    ssl_context = ssl.create_default_context(
        ssl.Purpose.SERVER_AUTH,
    )
    ssl_context.check_hostname = check_hostname
    ssl_context.load_verify_locations(cafile)
    reader, writer = await asyncio.open_connection(
        *address, ssl=ssl_context
    )

    # This could be writer.writelines() except that
    # would make it harder to show each part of the message
    # being sent.
    for msg in messages:
        writer.write(msg)
        log.debug('sending {!r}'.format(msg))
    # SSL does not support EOF, so send a null byte to indicate
    # the end of the message.
    writer.write(b'\x00')
    await writer.drain()

    log.debug('waiting for response')
    received = []
    while True:
        data = await reader.read(128)
        if data:
            log.debug('received {!r}'.format(data))
            received.append(data)
        else:
            log.debug('closing')
            writer.close()
            return b''.join(received)


def main():
    args = parse_args()
    messages = ([m.encode('utf-8') for m in args.messages]
                if args.messages else MESSAGES)

    logging.basicConfig(
        level=logging.DEBUG,
        format='%(name)s: %(message)s',
        stream=sys.stderr,
    )
    log = logging.getLogger('main')

    event_loop = asyncio.new_event_loop()
    asyncio.set_event_loop(event_loop)
    status = 0
    try:
        echoed = event_loop.run_until_complete(asyncio.wait_for(
            echo_client((args.host, args.port), messages, args.cafile,
                        args.check_hostname),
            args.timeout))
        sys.stdout.buffer.write(echoed)
        sys.stdout.buffer.flush()
    except (OSError, ssl.SSLError, asyncio.TimeoutError,
            asyncio.IncompleteReadError) as exc:
        # ssl.SSLError and ConnectionError are OSError subclasses.
        detail = str(exc) or 'timed out'
        print('asyncio_echo_client: error: {}: {}'.format(
            type(exc).__name__, ' '.join(detail.split())),
            file=sys.stderr)
        status = 1
    finally:
        log.debug('closing event loop')
        event_loop.close()
        sys.stderr.flush()
    return status


if __name__ == '__main__':
    sys.exit(main())
