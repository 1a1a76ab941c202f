#!/usr/bin/env python3
"""A real SMTP server for the tests (aiosmtpd 1.4.6: `pip install aiosmtpd==1.4.6`).

Each accepted message is written to --dir as <n>-<pid>.eml (the bytes received) plus
<n>-<pid>.json (envelope: mail_from, rcpt_tos), both atomically (temporary file + rename),
so a test never reads half a message.

Modes:
  --refuse ADDR      550 (permanent) for this recipient; repeatable
  --tempfail         451 (temporary) for every recipient
  --hang-after N     accept N messages, then never answer DATA (and store nothing):
                     a server that stalls while a message is in flight
  --delay-ms MS      wait before answering each DATA
Prints "PORT <n>" on stdout once listening (--port 0 picks a free port).
"""

import argparse
import asyncio
import json
import os
import socket
import sys

try:
    from aiosmtpd.smtp import SMTP
except ImportError:  # pragma: no cover - the Rust tests show this message
    sys.stderr.write("aiosmtpd manquant : pip install aiosmtpd==1.4.6\n")
    sys.exit(3)


class Handler:
    def __init__(self, args):
        self.dir = args.dir
        self.refused = {a.lower() for a in args.refuse}
        self.tempfail = args.tempfail
        self.hang_after = args.hang_after
        self.delay = args.delay_ms / 1000.0
        self.stored = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.tempfail:
            return "451 4.3.0 Service temporairement indisponible, reessayez"
        if address.lower() in self.refused:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hang_after is not None and self.stored >= self.hang_after:
            await asyncio.sleep(3600)
            return "451 4.3.0 Trop tard"
        if self.delay:
            await asyncio.sleep(self.delay)
        self.stored += 1
        name = f"{self.stored:06d}-{os.getpid()}"
        write_atomically(os.path.join(self.dir, name + ".json"), json.dumps(
            {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}).encode())
        write_atomically(os.path.join(self.dir, name + ".eml"), envelope.original_content)
        return "250 2.0.0 Ok: queued"


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--tempfail", action="store_true")
    parser.add_argument("--hang-after", type=int, default=None)
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    handler = Handler(args)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp-test.local", decode_data=False), sock=sock)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
