"""A minimal Python client for the document axis gateway, built only on Debian's python3-grpcio and
python3-protobuf and on stubs generated from the repository's proto/ tree (see generate.sh).

Integrators may copy it as a starting point. It shows how to open a channel to the gateway in clear
text (h2c) or over TLS, how to send the connected system's bearer token (metadata
`authorization: Bearer <token>`, printed once by `gateway systems add`), how to ask the standard
health service, how to call a method by its name without generated stubs, and how to exchange
documents: build a DocumentHeader, serialize it once and Send those bytes with the payload
(`new_header`, `sign_header`, `send_document`), then on the receiving side lease deliveries with Pull and settle
them with Ack (`pull`, `ack`, `settlement`), or have them pushed on an Exchange stream under credits
and settle them on the same stream (`ExchangeStream`); and how to report an edXML status on a
document to the other side (`update_status`).

Run as a script it is also a small command-line tool:

    /usr/bin/python3 gateway_client.py check 127.0.0.1:7400 [--ca ca.pem] [--service NAME]
    /usr/bin/python3 gateway_client.py wait  127.0.0.1:7400 [--ca ca.pem] [--timeout 30]

`check` prints the serving status and exits 0 only when it is SERVING; `wait` polls until the
gateway answers SERVING, or exits 1 after the timeout.
"""

import argparse
import hashlib
import os
import queue
import sys
import time

# The generated modules live in gen/ beside this file unless GATEWAY_PY_GEN says otherwise.
GEN_DIR = os.environ.get("GATEWAY_PY_GEN") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen")
if GEN_DIR not in sys.path:
    sys.path.insert(0, GEN_DIR)

import grpc  # noqa: E402  (Debian: python3-grpcio)

try:
    import health_pb2  # noqa: E402
    import health_pb2_grpc  # noqa: E402
    from axis.v1 import document_pb2  # noqa: E402
    from axis.v1 import exchange_pb2  # noqa: E402
    from axis.v1 import exchange_pb2_grpc  # noqa: E402
except ImportError as exc:  # pragma: no cover - only when the stubs were not generated
    raise ImportError(
        f"generated stubs not found in {GEN_DIR} ({exc}); run tests/Interop/python/generate.sh first"
    ) from exc

# Every call made here carries a deadline; this is the default, in seconds.
DEFAULT_TIMEOUT = 10.0

HEALTH_SERVICE_OVERALL = ""
HEALTH_SERVICE_EXCHANGE = "axis.v1.DocumentExchange"


def open_channel(address, ca_file=None, server_name=None):
    """Opens a channel to `address` ("host:port").

    Without `ca_file` the channel speaks HTTP/2 in clear text (h2c). With it, the channel uses TLS and
    trusts only the CA certificates in that PEM file; the server's certificate must name the host of
    `address` (a DNS name or an IP address in its subjectAltName), or `server_name` when given.
    """
    if ca_file is None:
        return grpc.insecure_channel(address)
    with open(ca_file, "rb") as f:
        roots = f.read()
    credentials = grpc.ssl_channel_credentials(root_certificates=roots)
    options = []
    if server_name:
        options.append(("grpc.ssl_target_name_override", server_name))
    return grpc.secure_channel(address, credentials, options=options)


def bearer_metadata(token):
    """Call metadata that authenticates a connected system: pass it as `metadata=` on every
    DocumentExchange call. Health checks and reflection need none."""
    return (("authorization", f"Bearer {token}"),)


def health_stub(channel):
    return health_pb2_grpc.HealthStub(channel)


def exchange_stub(channel):
    return exchange_pb2_grpc.DocumentExchangeStub(channel)


def status_name(value):
    """The name of a grpc.health.v1 ServingStatus number, e.g. 1 -> "SERVING"."""
    try:
        return health_pb2.HealthCheckResponse.ServingStatus.Name(value)
    except ValueError:
        return f"<unknown status {value}>"


def check_health(channel, service=HEALTH_SERVICE_OVERALL, timeout=DEFAULT_TIMEOUT):
    """Health/Check for `service`; returns the status name (raises grpc.RpcError on failure)."""
    response = health_stub(channel).Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
    return status_name(response.status)


def watch_first_status(channel, service=HEALTH_SERVICE_OVERALL, timeout=DEFAULT_TIMEOUT):
    """Opens Health/Watch, reads the first message, then cancels the stream.

    Returns (first status name, status code the stream ended with after the cancel).
    """
    call = health_stub(channel).Watch(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
    try:
        first = next(call)
    except StopIteration:
        call.cancel()
        return None, call.code()
    call.cancel()
    # After a cancel the iterator ends with an RpcError whose code is CANCELLED.
    try:
        for _ in call:
            pass
    except grpc.RpcError:
        pass
    return status_name(first.status), call.code()


def call_raw(channel, method, request=b"", timeout=DEFAULT_TIMEOUT, metadata=None):
    """Calls unary `method` ("/package.Service/Method") with raw request bytes; returns raw bytes.

    Useful for methods the generated stubs do not know.
    """
    invoke = channel.unary_unary(method)  # no serializers: bytes in, bytes out
    return invoke(request, timeout=timeout, metadata=metadata)


def sha256(data):
    """The SHA-256 digest of `data` (32 bytes), as PayloadDescriptor.sha256 and Receipt.header_digest use."""
    return hashlib.sha256(data).digest()


def new_header(sender, recipients, client_reference, payload, subject="", content_type="application/octet-stream",
               file_name="", priority=document_pb2.PRIORITY_NORMAL, created_at=None):
    """A DocumentHeader for a new document carrying `payload`.

    `sender` is the organisation code the calling system is registered for; `recipients` are codes
    from the gateway's registry; `client_reference` must be unique per sender organisation (a retry
    with the same reference and the same header bytes gets the original receipt back). The header
    vouches for the payload by its SHA-256 and size. Fill in more of `metadata` (code number,
    signer, promulgation date, ...) as your documents need; this sets the subject only.

    Serialize the result once (`header.SerializeToString()`), sign those bytes (`sign_header`) and
    send exactly those bytes: the gateway verifies, stores and delivers them as they are.
    """
    header = document_pb2.DocumentHeader(
        sender=sender,
        recipients=list(recipients),
        client_reference=client_reference,
        priority=priority,
        payload=document_pb2.PayloadDescriptor(
            sha256=sha256(payload), size=len(payload), content_type=content_type, file_name=file_name),
        business=document_pb2.BusinessInfo(type=document_pb2.BUSINESS_TYPE_NEW),
        metadata=document_pb2.DocumentMetadata(subject=subject),
    )
    if created_at is None:
        header.created_at.GetCurrentTime()
    else:
        header.created_at.FromDatetime(created_at)
    return header


def sign_header(header_bytes, certificate_pem, private_key_pem):
    """A detached CMS SignedData (RFC 5652, DER) over `header_bytes`: what SignedHeader.signature
    carries. `certificate_pem` is the organisation's signing certificate (its subject names the sender
    code as organizationIdentifier, as `gateway pki issue-org CODE` writes it) and `private_key_pem`
    its unencrypted key (PKCS#8 or traditional PEM; RSA or ECDSA).

    Made with Debian's python3-cryptography (PKCS7SignatureBuilder on OpenSSL): SHA-256, the signer's
    certificate included, and the signed attributes content-type, message-digest (both required by
    the gateway) and signing-time. `Binary` signs the bytes exactly as they are: without it they would
    be turned into canonical MIME text (LF to CRLF) first, and the digest would not be that of the
    header. The module is imported here so that a client that only receives does not need it.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    certificate = x509.load_pem_x509_certificate(certificate_pem)
    private_key = serialization.load_pem_private_key(private_key_pem, password=None)
    return (pkcs7.PKCS7SignatureBuilder()
            .set_data(header_bytes)
            .add_signer(certificate, private_key, hashes.SHA256())
            .sign(serialization.Encoding.DER,
                  [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]))


def send_document(channel, token, header_bytes, payload, signature=b"", timeout=DEFAULT_TIMEOUT):
    """DocumentExchange/Send: the serialized header bytes, their detached signature (`sign_header`;
    empty only where the gateway does not require one) and the whole payload.

    Returns the Receipt; raises grpc.RpcError (INVALID_ARGUMENT, NOT_FOUND for unknown recipients,
    ALREADY_EXISTS for a reference reused with another header, ...). A refused signature also carries
    the trailer `signature-failure` naming why (`signature_failure` reads it). A retry after a lost
    answer is safe: send the same bytes and signature again and the receipt comes back with
    `duplicate` set.
    """
    request = exchange_pb2.SendRequest(
        header=document_pb2.SignedHeader(header=header_bytes, signature=signature), payload=payload)
    return exchange_stub(channel).Send(request, timeout=timeout, metadata=bearer_metadata(token)).receipt


def signature_failure(error):
    """The kind of signature refusal a failed call reports in its `signature-failure` trailer
    (`missing`, `tampered`, `wrong-organization`, `revoked`, ...), or None when it has none."""
    for key, value in error.trailing_metadata() or ():
        if key == "signature-failure":
            return value
    return None


def pull(channel, token, org_codes=(), max_deliveries=0, timeout=DEFAULT_TIMEOUT):
    """DocumentExchange/Pull: leases up to `max_deliveries` waiting deliveries (0 means the gateway's
    default) for `org_codes` (empty: every code the system is registered for). Returns a list of
    Delivery; each holds either `document` (an IncomingDocument) or `status` (a StatusNotice), see
    `delivery.WhichOneof("content")`. Settle each one with `ack` before `lease_expires_at`, or it is
    offered again (with the same delivery_id)."""
    request = exchange_pb2.PullRequest(org_codes=list(org_codes), max_deliveries=max_deliveries)
    return list(exchange_stub(channel).Pull(request, timeout=timeout, metadata=bearer_metadata(token)).deliveries)


def settlement(delivery_id, outcome=document_pb2.Settlement.OUTCOME_ACK, reason=""):
    """One Settlement: OUTCOME_ACK once the delivery is stored on your side, OUTCOME_NACK to have it
    offered again later, OUTCOME_REJECT (with a reason) to refuse it for good."""
    return document_pb2.Settlement(delivery_id=delivery_id, outcome=outcome, reason=reason)


def ack(channel, token, settlements, timeout=DEFAULT_TIMEOUT):
    """DocumentExchange/Ack: settles deliveries from Pull. `settlements` are Settlement messages or
    plain delivery ids (acknowledged). Returns the SettlementResults in request order; `applied` is
    False (with `detail`) for a delivery that was unknown, not leased to this system or already
    settled."""
    items = [settlement(s) if isinstance(s, str) else s for s in settlements]
    request = exchange_pb2.AckRequest(settlements=items)
    return list(exchange_stub(channel).Ack(request, timeout=timeout, metadata=bearer_metadata(token)).results)


def update_status(channel, token, document_id, from_org, code, description="", staff=None,
                  timeout=DEFAULT_TIMEOUT):
    """DocumentExchange/UpdateStatus: reports the edXML status `code` (a document_pb2.DocumentStatus
    value) of `document_id` on behalf of `from_org`, an organisation the calling system is registered
    for. A recipient reports 02-06 (02 needs the reason in `description`; nothing moves after 02 or
    06) and 15/16 to answer a take-back (13) or an update; the sender reports 13. 01 (arrived) is set
    by the gateway alone. `staff` is an optional document_pb2.StaffInfo. Returns the status id; raises
    grpc.RpcError (FAILED_PRECONDITION naming the rule broken, INVALID_ARGUMENT, NOT_FOUND, ...).
    The status reaches the other side as a status delivery (Pull or Exchange)."""
    request = exchange_pb2.UpdateStatusRequest(
        document_id=document_id, from_org=from_org, code=code, description=description, staff=staff)
    return exchange_stub(channel).UpdateStatus(request, timeout=timeout, metadata=bearer_metadata(token)).status_id


_END_OF_REQUESTS = object()


class ExchangeStream:
    """One DocumentExchange/Exchange stream: the receiving side's push channel.

    The gateway pushes deliveries (documents and statuses) as soon as they are committed, but never
    more than the credits granted in total; each settlement is confirmed on the stream. Deliveries
    pushed and not settled when the stream closes are offered again, with the same delivery id. The
    `timeout` is the deadline of the whole stream: reopen it when it ends. Use it as a context
    manager (leaving the block cancels the stream if it is still open)::

        with ExchangeStream(channel, token, timeout=600) as stream:
            stream.subscribe(["000.00.00.H41"], credits=32)   # [] = every code of the system
            subscribed = stream.receive().subscribed          # the codes actually subscribed
            for response in stream:                           # blocks until the next message
                if response.WhichOneof("kind") == "delivery":
                    store(response.delivery)                  # yours, then:
                    stream.settle(response.delivery.delivery_id)
                    stream.credit(1)                          # keep 32 in flight
                elif response.WhichOneof("kind") == "settled" and not response.settled.applied:
                    log(response.settled.detail)              # yours
            stream.close()

    `receive()` returns the next ExchangeResponse, or None once the server ended the stream with OK;
    it raises grpc.RpcError when the stream failed (its code: INVALID_ARGUMENT when the first message
    is not subscribe, PERMISSION_DENIED for a code the system is not registered for, ...).
    """

    def __init__(self, channel, token, timeout=DEFAULT_TIMEOUT):
        self._requests = queue.Queue()
        self._call = exchange_stub(channel).Exchange(
            self._request_iterator(), timeout=timeout, metadata=bearer_metadata(token))

    def _request_iterator(self):
        # gRPC reads this on its own thread; the sentinel half-closes the sending side.
        while True:
            request = self._requests.get()
            if request is _END_OF_REQUESTS:
                return
            yield request

    def send(self, request):
        """Queues one ExchangeRequest."""
        self._requests.put(request)

    def subscribe(self, org_codes=(), credits=0):
        """The first message: the codes to receive for (empty: all of the system's) and initial credits."""
        self.send(exchange_pb2.ExchangeRequest(
            subscribe=exchange_pb2.Subscribe(org_codes=list(org_codes), credits=credits)))

    def credit(self, credits):
        """Lets the gateway push `credits` more deliveries."""
        self.send(exchange_pb2.ExchangeRequest(credit=exchange_pb2.Credit(credits=credits)))

    def settle(self, delivery_id, outcome=document_pb2.Settlement.OUTCOME_ACK, reason=""):
        """Settles one pushed delivery (see `settlement`); the answer comes as a `settled` response."""
        self.send(exchange_pb2.ExchangeRequest(settlement=settlement(delivery_id, outcome, reason)))

    def receive(self):
        """The next ExchangeResponse, or None when the stream ended with OK; raises grpc.RpcError."""
        try:
            return next(self._call)
        except StopIteration:
            return None

    def __iter__(self):
        while True:
            response = self.receive()
            if response is None:
                return
            yield response

    def close(self):
        """Ends the sending side, then reads what the server still sends until it ends the stream.
        Returns those responses; raises grpc.RpcError when the stream ended with an error. Pushed
        deliveries not settled by now are offered again later."""
        self._requests.put(_END_OF_REQUESTS)
        return list(self)

    def cancel(self):
        """Cancels the stream (a no-op once it has ended) and ends the request thread."""
        self._call.cancel()
        self._requests.put(_END_OF_REQUESTS)

    def code(self):
        """The stream's final grpc.StatusCode (blocks until it has ended)."""
        return self._call.code()

    def details(self):
        return self._call.details()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cancel()
        return False


def wait_until_serving(address, ca_file=None, timeout=30.0, service=HEALTH_SERVICE_OVERALL, server_name=None):
    """Polls Health/Check until it answers SERVING. Returns (True, last) or (False, last) at the
    timeout, where `last` describes the last answer or error."""
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False, last
        with open_channel(address, ca_file, server_name) as channel:
            try:
                last = check_health(channel, service, timeout=min(2.0, remaining))
                if last == "SERVING":
                    return True, last
            except grpc.RpcError as err:
                last = f"{err.code().name}: {err.details()}"
        time.sleep(min(0.25, max(0.0, deadline - time.monotonic())))


def _main(argv):
    parser = argparse.ArgumentParser(description="Ask the gateway's grpc.health.v1 service.")
    parser.add_argument("command", choices=["check", "wait"])
    parser.add_argument("address", help="host:port of the gateway's gRPC endpoint")
    parser.add_argument("--ca", help="PEM file of the CA to trust; enables TLS")
    parser.add_argument("--server-name", help="name to verify in the server certificate (TLS only)")
    parser.add_argument("--service", default=HEALTH_SERVICE_OVERALL, help='service to ask about (default "")')
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds")
    args = parser.parse_args(argv)

    if args.command == "wait":
        ok, last = wait_until_serving(args.address, args.ca, args.timeout, args.service, args.server_name)
        print(f"{args.address}: {last}")
        return 0 if ok else 1

    with open_channel(args.address, args.ca, args.server_name) as channel:
        try:
            status = check_health(channel, args.service, timeout=args.timeout)
        except grpc.RpcError as err:
            print(f"{args.address}: {err.code().name}: {err.details()}")
            return 1
    print(f"{args.address}: {status}")
    return 0 if status == "SERVING" else 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
