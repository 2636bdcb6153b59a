"""Builds, signs, alters and sends one document header from the command line, one step per command, so
that a shell script can put other tools between the steps (e.g. sign the header file with the openssl
CLI) and check how the gateway judges the result. Built on gateway_client.py.

    header_tool.py header --sender CODE --recipient CODE --reference REF --header-out H --payload-out P
    header_tool.py sign   --cert ORG.pem --key ORG.key --header H --out SIG
    header_tool.py alter  --header H --out H2
    header_tool.py send   HOST:PORT --token TOKEN --header H --payload P [--signature SIG] [--ca CA.pem]

`header` writes a serialized DocumentHeader for a fresh random payload, and the payload. `sign` writes
the detached CMS signature (DER) of the header bytes made by gateway_client.sign_header. `alter`
writes the same header with another subject: still a well-formed header, but not the bytes signed.

`send` sends the files (no signature when --signature is not given) and prints what happened, as its
first line `OK` or `<STATUS> <signature-failure trailer, or ->`, e.g. `INVALID_ARGUMENT missing`, and
the details on the second. It prints `OK` only when the receipt is for exactly these header bytes
and is not a duplicate. It exits 0 when the call succeeded, 1 when it failed, 2 on a bad command line.
"""

import argparse
import os
import sys

import grpc

import gateway_client as gc
from axis.v1 import document_pb2

SUBJECT = "Về việc triển khai trục liên thông văn bản quốc gia"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def make_header(args):
    """A header for a fresh payload (a few random KB), and that payload, written to their files."""
    payload = b"%PDF-1.7\n" + os.urandom(4096) + b"\n%%EOF\n"
    header = gc.new_header(args.sender, [args.recipient], args.reference, payload, subject=SUBJECT,
                           content_type="application/pdf", file_name="cong-van.pdf")
    write(args.header_out, header.SerializeToString())
    write(args.payload_out, payload)
    return 0


def sign(args):
    write(args.out, gc.sign_header(read(args.header), read(args.cert), read(args.key)))
    return 0


def alter(args):
    """Changes the subject, as someone rewriting a header after it was signed would."""
    header = document_pb2.DocumentHeader.FromString(read(args.header))
    header.metadata.subject += " (sửa sau khi ký)"
    write(args.out, header.SerializeToString())
    return 0


def send(args):
    header_bytes = read(args.header)
    signature = read(args.signature) if args.signature else b""
    with gc.open_channel(args.address, args.ca) as channel:
        try:
            receipt = gc.send_document(channel, args.token, header_bytes, read(args.payload),
                                       signature=signature, timeout=args.timeout)
        except grpc.RpcError as error:
            print(f"{error.code().name} {gc.signature_failure(error) or '-'}")
            print(error.details())
            return 1
    # A receipt for other bytes, or an earlier send's, would not prove these bytes were accepted.
    if receipt.header_digest != gc.sha256(header_bytes) or receipt.duplicate:
        print("BAD_RECEIPT -")
        print(f"header_digest {receipt.header_digest.hex()} (expected {gc.sha256(header_bytes).hex()}), "
              f"duplicate {receipt.duplicate}")
        return 1
    print("OK")
    print(f"document_id {receipt.document_id}, sequence {receipt.sequence}")
    return 0


def parse(argv):
    parser = argparse.ArgumentParser(description="Build, sign, alter and send one document header.")
    commands = parser.add_subparsers(dest="command", required=True)

    header = commands.add_parser("header", help="write a new header and its payload")
    header.add_argument("--sender", required=True, help="the sending organisation's code")
    header.add_argument("--recipient", required=True, help="the receiving organisation's code")
    header.add_argument("--reference", required=True, help="client reference, unique per sender")
    header.add_argument("--header-out", required=True)
    header.add_argument("--payload-out", required=True)
    header.set_defaults(run=make_header)

    signer = commands.add_parser("sign", help="write the detached CMS signature (DER) of a header file")
    signer.add_argument("--cert", required=True, help="the signer's certificate, PEM")
    signer.add_argument("--key", required=True, help="its private key, PEM")
    signer.add_argument("--header", required=True)
    signer.add_argument("--out", required=True)
    signer.set_defaults(run=sign)

    altered = commands.add_parser("alter", help="write the header with another subject")
    altered.add_argument("--header", required=True)
    altered.add_argument("--out", required=True)
    altered.set_defaults(run=alter)

    sender = commands.add_parser("send", help="send a header file, its payload and signature")
    sender.add_argument("address", help="host:port of the gateway's gRPC endpoint")
    sender.add_argument("--token", required=True, help="the sending system's bearer token")
    sender.add_argument("--header", required=True)
    sender.add_argument("--payload", required=True)
    sender.add_argument("--signature", help="detached CMS signature, DER (none sent when omitted)")
    sender.add_argument("--ca", help="PEM file of the CA to trust; enables TLS")
    sender.add_argument("--timeout", type=float, default=gc.DEFAULT_TIMEOUT, help="seconds")
    sender.set_defaults(run=send)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse(sys.argv[1:])
    sys.exit(arguments.run(arguments))
