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
  --starttls DIR     offer and require STARTTLS, with a certificate for "localhost" signed
                     by a test CA written to DIR/ca.pem (needs the `cryptography` package)
Prints "PORT <n>" on stdout once listening (--port 0 picks a free port).
"""

import argparse
import asyncio
import datetime
import json
import os
import socket
import ssl
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


def tls_context(directory):
    """A test CA and a server certificate for localhost/127.0.0.1 signed by it."""
    import ipaddress
    try:
        from cryptography import x509
    except ImportError:
        sys.stderr.write("cryptography manquant pour --starttls : pip install cryptography\n")
        sys.exit(3)
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    os.makedirs(directory, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dossiersco test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    write_atomically(os.path.join(directory, "ca.pem"), ca.public_bytes(pem))
    cert_path = os.path.join(directory, "server.pem")
    key_path = os.path.join(directory, "server.key")
    write_atomically(cert_path, cert.public_bytes(pem))
    write_atomically(key_path, key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--tempfail", action="store_true")
    parser.add_argument("--hang-after", type=int, default=None)
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--starttls", default=None)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    handler = Handler(args)
    tls = tls_context(args.starttls) if args.starttls else None

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp-test.local", decode_data=False,
                     tls_context=tls, require_starttls=tls is not None), sock=sock)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
