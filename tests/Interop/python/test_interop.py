"""Interop tests of the gateway's gRPC contract with Debian's python3-grpcio.

Driven by environment variables:
  GATEWAY_H2C      host:port of the clear-text HTTP/2 endpoint (its cases are skipped when unset)
  GATEWAY_TLS      host:port of the TLS endpoint (its cases are skipped when unset)
  GATEWAY_CA       PEM file of the CA that issued the TLS endpoint's certificate (needed with GATEWAY_TLS)
  GATEWAY_TLS_SERVER_NAME  optional name to verify in the server certificate instead of the host
  GATEWAY_TOKEN    bearer token of a connected system (`gateway systems add --json` prints one); the
                   cases that need it are skipped when unset. The document cases send as this system.
  GATEWAY_SENDER_ORG      the organisation GATEWAY_TOKEN's system is registered for (default 000.00.00.G22)
  GATEWAY_RECIPIENT_TOKEN bearer token of a second system, registered for GATEWAY_RECIPIENT_ORG; the
                          cases that receive documents are skipped when unset
  GATEWAY_RECIPIENT_ORG   the organisation documents are sent to (default 000.00.00.H41)
  GATEWAY_SIGNER_CERT     PEM certificate of GATEWAY_SENDER_ORG's signing key (`gateway pki issue-org
                          CODE` makes one); with GATEWAY_SIGNER_KEY, every header sent is signed with
                          it. Both unset: headers go unsigned, which only a gateway run with
                          Signatures:Required=false accepts.
  GATEWAY_SIGNER_KEY      its private key (PEM, unencrypted)
  GATEWAY_TIMEOUT  deadline of every call in seconds (default 10)
  GATEWAY_METRICS  URL of the gateway's Prometheus endpoint (Metrics:Endpoint, e.g.
                   http://127.0.0.1:7401/metrics); the metrics cases are skipped when unset

Run with:  /usr/bin/python3 -m unittest -v test_interop    (from this folder, after generate.sh)
"""

import os
import secrets
import time
import unittest
import urllib.request

import grpc

import gateway_client as gc
from axis.v1 import document_pb2
from axis.v1 import exchange_pb2

TIMEOUT = float(os.environ.get("GATEWAY_TIMEOUT") or gc.DEFAULT_TIMEOUT)
TOKEN = os.environ.get("GATEWAY_TOKEN") or None
UNIMPLEMENTED = grpc.StatusCode.UNIMPLEMENTED  # numeric value 12
UNAUTHENTICATED = grpc.StatusCode.UNAUTHENTICATED  # numeric value 16
INVALID_ARGUMENT = grpc.StatusCode.INVALID_ARGUMENT  # numeric value 3
NOT_FOUND = grpc.StatusCode.NOT_FOUND  # numeric value 5
ALREADY_EXISTS = grpc.StatusCode.ALREADY_EXISTS  # numeric value 6
FAILED_PRECONDITION = grpc.StatusCode.FAILED_PRECONDITION  # numeric value 9
ACK = document_pb2.Settlement.OUTCOME_ACK
SENDER_ORG = os.environ.get("GATEWAY_SENDER_ORG") or "000.00.00.G22"
RECIPIENT_ORG = os.environ.get("GATEWAY_RECIPIENT_ORG") or "000.00.00.H41"
RECIPIENT_TOKEN = os.environ.get("GATEWAY_RECIPIENT_TOKEN") or None
# A well-formed organisation code that the sample registry does not hold.
UNKNOWN_ORG = os.environ.get("GATEWAY_UNKNOWN_ORG") or "000.00.00.H99"
# Client references must be unique per sender organisation: every reference this run makes carries
# this suffix, the client ("py"), the transport and the case, so reruns and the Node suite never collide.
RUN_ID = secrets.token_hex(6)
SUBJECT = "Về việc triển khai trục liên thông văn bản quốc gia"
# The right shape (gw1_ + 16-character id + _ + 43-character secret) but issued by no gateway.
UNKNOWN_TOKEN = "gw1_" + "A" * 16 + "_" + "A" * 43
# What the recipient reports after receiving a document: 03, entered in the incoming register.
ACCEPTED_DESCRIPTION = "Đã vào sổ công văn đến"
CLERK = document_pb2.StaffInfo(department="Văn thư", staff="Nguyễn Thị Hoà", email="vanthu@example.gov.vn")
MISSING_TOKEN_DETAIL = ("missing bearer token: send metadata 'authorization: Bearer <token>' "
                        "(gateway systems add prints one)")


def read_signer():
    """(certificate PEM, key PEM) from GATEWAY_SIGNER_CERT and GATEWAY_SIGNER_KEY, or None when both are
    unset. Only one of them set is a mistake worth stopping for, not a reason to send unsigned."""
    cert_file = os.environ.get("GATEWAY_SIGNER_CERT") or None
    key_file = os.environ.get("GATEWAY_SIGNER_KEY") or None
    if cert_file is None and key_file is None:
        return None
    if cert_file is None or key_file is None:
        raise RuntimeError("set both GATEWAY_SIGNER_CERT and GATEWAY_SIGNER_KEY, or neither")
    with open(cert_file, "rb") as cert, open(key_file, "rb") as key:
        return cert.read(), key.read()


# Every header the cases send is signed with this, when set.
SIGNER = read_signer()


def describe(code):
    return f"{code.name} ({code.value[0]})"


class _InteropCases:
    """The checks, run once per transport by the TestCase classes below."""

    transport = ""  # "h2c" or "tls"
    channel = None
    skip_reason = None

    @classmethod
    def open(cls):
        """Returns (channel, None), or (None, why the transport's cases are skipped)."""
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls.channel, cls.skip_reason = cls.open()

    @classmethod
    def tearDownClass(cls):
        if cls.channel is not None:
            cls.channel.close()
            cls.channel = None

    def setUp(self):
        # Skipping here rather than in setUpClass counts every case of the transport as skipped.
        if self.channel is None:
            self.skipTest(self.skip_reason)

    def token(self):
        """The connected system's bearer metadata; skips the case when GATEWAY_TOKEN is unset."""
        if TOKEN is None:
            self.skipTest("GATEWAY_TOKEN is not set")
        return gc.bearer_metadata(TOKEN)

    def assert_fails_with(self, what, call, expected=UNIMPLEMENTED, details=None):
        error = None
        try:
            result = call()
        except grpc.RpcError as err:
            error = err
        if error is None:
            self.fail(f"[{self.transport}] {what}: expected status {describe(expected)}, "
                      f"but the call succeeded and returned {result!r}")
        got = error.code()
        if got != expected or got.value[0] != expected.value[0]:
            self.fail(f"[{self.transport}] {what}: expected status {describe(expected)}, "
                      f"got {describe(got)}: {error.details()!r}")
        if details is not None and error.details() != details:
            self.fail(f"[{self.transport}] {what}: expected details {details!r}, got {error.details()!r}")

    def sender_token(self):
        """The sending system's token (GATEWAY_TOKEN); skips the case when it is unset."""
        self.token()
        return TOKEN

    def recipient_token(self):
        """The recipient system's token; skips the case when GATEWAY_RECIPIENT_TOKEN is unset."""
        if RECIPIENT_TOKEN is None:
            self.skipTest("GATEWAY_RECIPIENT_TOKEN is not set")
        return RECIPIENT_TOKEN

    def reference(self, case):
        return f"interop-py-{self.transport}-{case}-{RUN_ID}"

    def call(self, what, fn):
        """Runs `fn`; a gRPC error fails the case with its status and details."""
        try:
            return fn()
        except grpc.RpcError as err:
            error = err
        self.fail(f"[{self.transport}] {what}: expected OK, got {describe(error.code())}: {error.details()!r}")

    @staticmethod
    def payload():
        """A few KB that look like a small PDF, with random bytes so every document differs."""
        return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n"
                + os.urandom(4096) + b"\nendstream\n%%EOF\n")

    def header_for(self, case, payload, recipients=None, subject=SUBJECT):
        return gc.new_header(SENDER_ORG, recipients or [RECIPIENT_ORG], self.reference(case), payload,
                             subject=subject, content_type="application/pdf", file_name="cong-van.pdf")

    @staticmethod
    def sign(header_bytes):
        """The sending organisation's detached signature of `header_bytes`; b"" with no signer set."""
        if SIGNER is None:
            return b""
        return gc.sign_header(header_bytes, *SIGNER)

    def send(self, what, header_bytes, signature, payload, token):
        return self.call(what, lambda: gc.send_document(self.channel, token, header_bytes, payload,
                                                        signature=signature, timeout=TIMEOUT))

    def send_new(self, case):
        """Sends a fresh signed document from the sender to the recipient; returns (header bytes,
        signature, payload, receipt)."""
        token = self.sender_token()
        payload = self.payload()
        header_bytes = self.header_for(case, payload).SerializeToString()  # serialized once, signed and sent as is
        signature = self.sign(header_bytes)
        receipt = self.send(f"Send of a new document ({case})", header_bytes, signature, payload, token)
        return header_bytes, signature, payload, receipt

    def pull_until(self, who, token, org, wanted):
        """Pulls for `org` until a delivery satisfying `wanted` turns up or the deadline passes. Every
        delivery pulled is acknowledged, so nothing stays leased for later cases. Returns (the delivery,
        its SettlementResult, what else was pulled); fails the case when it never turns up."""
        deadline = time.monotonic() + TIMEOUT
        others = []
        while True:
            deliveries = self.call(f"Pull by the {who} for {org}",
                                   lambda: gc.pull(self.channel, token, [org], 100, timeout=TIMEOUT))
            found = None
            for delivery in deliveries:
                if found is None and wanted(delivery):
                    found = delivery
                else:
                    others.append(delivery)
            if deliveries:
                results = self.call(f"Ack by the {who} of {len(deliveries)} deliveries",
                                    lambda: gc.ack(self.channel, token, [d.delivery_id for d in deliveries],
                                                   timeout=TIMEOUT))
                if found is not None:
                    by_id = {r.delivery_id: r for r in results}
                    return found, by_id.get(found.delivery_id), others
            elif time.monotonic() >= deadline:
                self.fail(f"[{self.transport}] Pull by the {who} for {org}: the wanted delivery did not arrive "
                          f"within {TIMEOUT:g}s ({len(others)} other deliveries pulled and acknowledged)")
            else:
                time.sleep(0.2)

    def receive_document(self, document_id):
        """The recipient pulls until it has the delivery of `document_id`; returns (delivery, ack result)."""
        delivery, result, _ = self.pull_until(
            "recipient", RECIPIENT_TOKEN, RECIPIENT_ORG,
            lambda d: d.WhichOneof("content") == "document" and d.document.document_id == document_id)
        return delivery, result

    def assert_applied(self, what, result):
        if result is None:
            self.fail(f"[{self.transport}] {what}: the Ack answer has no result for the delivery")
        if not result.applied:
            self.fail(f"[{self.transport}] {what}: expected applied true, got false: {result.detail!r}")

    def open_exchange(self, token):
        """An Exchange stream with the deadline TIMEOUT; the caller cancels it in a finally block."""
        return gc.ExchangeStream(self.channel, token, timeout=TIMEOUT)

    def receive_on(self, stream, who, expected_kind, waiting_for="a message"):
        """The next message on `stream`; fails the case when the stream ends or fails first, or the
        message is not of `expected_kind` (None: any)."""
        try:
            response = stream.receive()
        except grpc.RpcError as err:
            self.fail(f"[{self.transport}] Exchange stream of the {who}: expected {waiting_for}, the stream failed "
                      f"with {describe(err.code())}: {err.details()!r}")
        if response is None:
            self.fail(f"[{self.transport}] Exchange stream of the {who}: expected {waiting_for}, the stream ended (OK)")
        kind = response.WhichOneof("kind")
        if expected_kind is not None and kind != expected_kind:
            self.fail(f"[{self.transport}] Exchange stream of the {who}: expected {expected_kind}, got {kind}: {response}")
        return response

    def subscribe(self, stream, who, org_codes, credits, expected_codes):
        stream.subscribe(org_codes, credits)
        subscribed = self.receive_on(stream, who, "subscribed").subscribed
        self.assertEqual(sorted(subscribed.org_codes), sorted(expected_codes),
                         f"[{self.transport}] Exchange of the {who}: subscribed.org_codes")

    def exchange_until(self, stream, who, wanted):
        """Reads pushed deliveries until one satisfies `wanted`, which it returns, with the others.
        Every other delivery is acknowledged on the stream and replaced by one more credit, so one
        delivery at most is in flight; `settled` answers for those are read and passed over. The
        stream's deadline bounds the wait."""
        others = []
        while True:
            response = self.receive_on(stream, who, None, f"the wanted delivery within the stream's deadline of "
                                       f"{TIMEOUT:g}s ({len(others)} other deliveries pushed and acknowledged)")
            kind = response.WhichOneof("kind")
            if kind == "settled":
                continue
            if kind != "delivery":
                self.fail(f"[{self.transport}] Exchange stream of the {who}: expected delivery or settled, got {kind}")
            delivery = response.delivery
            if wanted(delivery):
                return delivery, others
            others.append(delivery)
            stream.settle(delivery.delivery_id, ACK)
            stream.credit(1)

    def settle_on(self, stream, who, delivery):
        """Acknowledges `delivery` on the stream and returns the `settled` answer for it; anything else
        pushed meanwhile is acknowledged too (without new credit)."""
        stream.settle(delivery.delivery_id, ACK)
        while True:
            response = self.receive_on(stream, who, None)
            kind = response.WhichOneof("kind")
            if kind == "settled" and response.settled.delivery_id == delivery.delivery_id:
                return response.settled
            if kind == "delivery":
                stream.settle(response.delivery.delivery_id, ACK)
            elif kind != "settled":
                self.fail(f"[{self.transport}] Exchange stream of the {who}: expected settled, got {kind}")

    def close_cleanly(self, stream, who):
        """Half-closes the stream and expects the server to end it with OK."""
        try:
            stream.close()
        except grpc.RpcError as err:
            self.fail(f"[{self.transport}] Exchange stream of the {who}: after the client half-closed it, "
                      f"expected the stream to end OK, got {describe(err.code())}: {err.details()!r}")
        self.assertEqual(stream.code(), grpc.StatusCode.OK,
                         f"[{self.transport}] Exchange stream of the {who}: final status")

    def assert_serving(self, service):
        try:
            status = gc.check_health(self.channel, service, timeout=TIMEOUT)
        except grpc.RpcError as err:
            status = f"error {describe(err.code())}: {err.details()!r}"
        if status != "SERVING":
            self.fail(f"[{self.transport}] Health/Check service={service!r}: expected SERVING, got {status}")

    def test_health_check_overall_serving(self):
        self.assert_serving(gc.HEALTH_SERVICE_OVERALL)

    def test_health_check_document_exchange_serving(self):
        self.assert_serving(gc.HEALTH_SERVICE_EXCHANGE)

    def test_health_watch_first_message_serving(self):
        error = None
        try:
            first, end_code = gc.watch_first_status(self.channel, gc.HEALTH_SERVICE_OVERALL, timeout=TIMEOUT)
        except grpc.RpcError as err:
            error = f"error {describe(err.code())}: {err.details()!r}"
        if error is not None:
            self.fail(f"[{self.transport}] Health/Watch service='': expected a first message SERVING, got {error}")
        if first != "SERVING":
            self.fail(f"[{self.transport}] Health/Watch service='': expected first message SERVING, "
                      f"got {first if first is not None else 'end of stream before any message'}")
        if end_code != grpc.StatusCode.CANCELLED:
            self.fail(f"[{self.transport}] Health/Watch after cancel: expected the call to end "
                      f"{describe(grpc.StatusCode.CANCELLED)}, got {describe(end_code) if end_code else None}")

    def test_get_trace_without_token_unauthenticated(self):
        stub = gc.exchange_stub(self.channel)
        self.assert_fails_with(
            "DocumentExchange/GetTrace without metadata 'authorization'",
            lambda: stub.GetTrace(exchange_pb2.GetTraceRequest(document_id="00000000-0000-0000-0000-000000000000"),
                                  timeout=TIMEOUT),
            expected=UNAUTHENTICATED, details=MISSING_TOKEN_DETAIL)

    def test_get_trace_bad_token_unauthenticated(self):
        stub = gc.exchange_stub(self.channel)
        self.assert_fails_with(
            "DocumentExchange/GetTrace with a token no gateway issued",
            lambda: stub.GetTrace(exchange_pb2.GetTraceRequest(document_id="00000000-0000-0000-0000-000000000000"),
                                  timeout=TIMEOUT, metadata=gc.bearer_metadata(UNKNOWN_TOKEN)),
            expected=UNAUTHENTICATED, details="unknown token")

    def test_get_trace_returns_events(self):
        header_bytes, signature, _, receipt = self.send_new("trace")
        response = self.call(
            f"GetTrace of document {receipt.document_id} by its sender",
            lambda: gc.exchange_stub(self.channel).GetTrace(
                exchange_pb2.GetTraceRequest(document_id=receipt.document_id),
                timeout=TIMEOUT, metadata=gc.bearer_metadata(TOKEN)))
        where = f"[{self.transport}] GetTrace of document {receipt.document_id}"
        self.assertEqual(response.document_id, receipt.document_id, f"{where}: document_id")
        self.assertEqual(response.header.header, header_bytes, f"{where}: the header bytes differ from the bytes sent")
        self.assertEqual(response.header.signature, signature, f"{where}: the signature differs from the one sent")
        self.assertTrue(response.events, f"{where}: no events")
        kinds = [e.kind for e in response.events]
        self.assertTrue(all(kinds), f"{where}: an event without a kind: {kinds}")
        sequences = [e.sequence for e in response.events]
        self.assertEqual(sequences, sorted(sequences), f"{where}: events out of order: {sequences}")

    def test_send_empty_request_invalid_argument(self):
        stub = gc.exchange_stub(self.channel)
        metadata = self.token()
        self.assert_fails_with(
            "DocumentExchange/Send with an empty request and the system's token",
            lambda: stub.Send(exchange_pb2.SendRequest(), timeout=TIMEOUT, metadata=metadata),
            expected=INVALID_ARGUMENT)

    def test_send_document_returns_receipt(self):
        header_bytes, _, _, receipt = self.send_new("receipt")
        where = f"[{self.transport}] Send"
        self.assertTrue(receipt.document_id, f"{where}: receipt.document_id is empty")
        self.assertGreater(receipt.sequence, 0, f"{where}: receipt.sequence")
        self.assertEqual(receipt.header_digest, gc.sha256(header_bytes),
                         f"{where}: receipt.header_digest is not the SHA-256 of the header bytes sent")
        self.assertFalse(receipt.duplicate, f"{where}: a first send answered duplicate true")
        self.assertTrue(receipt.HasField("accepted_at"), f"{where}: receipt.accepted_at is missing")

    def test_send_retry_returns_original_receipt(self):
        header_bytes, signature, payload, first = self.send_new("retry")
        again = self.send("Send again with the same reference, header bytes and signature", header_bytes, signature,
                          payload, TOKEN)
        where = f"[{self.transport}] Send retry"
        self.assertTrue(again.duplicate, f"{where}: expected duplicate true")
        self.assertEqual(again.document_id, first.document_id, f"{where}: document_id differs from the first receipt")
        self.assertEqual(again.sequence, first.sequence, f"{where}: sequence differs from the first receipt")
        self.assertEqual(again.header_digest, first.header_digest, f"{where}: header_digest differs")

    def test_send_reused_reference_other_header_already_exists(self):
        _, _, payload, first = self.send_new("reused")
        other = self.header_for("reused", payload, subject=SUBJECT + " (bản sửa)").SerializeToString()
        signature = self.sign(other)
        self.assert_fails_with(
            f"Send of another signed header with the client reference of document {first.document_id}",
            lambda: gc.send_document(self.channel, TOKEN, other, payload, signature=signature, timeout=TIMEOUT),
            expected=ALREADY_EXISTS)

    def test_send_unknown_recipient_not_found(self):
        token = self.sender_token()
        payload = self.payload()
        header_bytes = self.header_for("unknown", payload, recipients=[UNKNOWN_ORG]).SerializeToString()
        error = None
        try:
            gc.send_document(self.channel, token, header_bytes, payload, signature=self.sign(header_bytes),
                             timeout=TIMEOUT)
        except grpc.RpcError as err:
            error = err
        what = f"[{self.transport}] Send to the unregistered recipient {UNKNOWN_ORG}"
        if error is None:
            self.fail(f"{what}: expected {describe(NOT_FOUND)}, but the call succeeded")
        if error.code() != NOT_FOUND:
            self.fail(f"{what}: expected {describe(NOT_FOUND)}, got {describe(error.code())}: {error.details()!r}")
        self.assertIn(UNKNOWN_ORG, error.details() or "", f"{what}: the details do not name the code")

    def test_send_unsigned_invalid_argument_missing(self):
        # Only with a signer set: that is how the suite is told the gateway requires signatures.
        if SIGNER is None:
            self.skipTest("GATEWAY_SIGNER_CERT and GATEWAY_SIGNER_KEY are not set")
        token = self.sender_token()
        payload = self.payload()
        header_bytes = self.header_for("unsigned", payload).SerializeToString()
        what = f"[{self.transport}] Send of a header without a signature"
        try:
            gc.send_document(self.channel, token, header_bytes, payload, timeout=TIMEOUT)
        except grpc.RpcError as err:
            error = err
        else:
            self.fail(f"{what}: expected {describe(INVALID_ARGUMENT)}, but the call succeeded")
        if error.code() != INVALID_ARGUMENT:
            self.fail(f"{what}: expected {describe(INVALID_ARGUMENT)}, got {describe(error.code())}: {error.details()!r}")
        self.assertEqual(gc.signature_failure(error), "missing", f"{what}: trailer signature-failure")

    def test_pull_ack_receives_exact_bytes(self):
        self.recipient_token()
        header_bytes, signature, payload, receipt = self.send_new("pull")
        delivery, result = self.receive_document(receipt.document_id)
        where = f"[{self.transport}] delivery {delivery.delivery_id} of document {receipt.document_id}"
        self.assertEqual(delivery.recipient, RECIPIENT_ORG, f"{where}: recipient")
        self.assertGreaterEqual(delivery.attempt, 1, f"{where}: attempt")
        document = delivery.document
        self.assertEqual(document.header.header, header_bytes,
                         f"{where}: the header bytes differ from the bytes sent")
        self.assertEqual(document.header.signature, signature,
                         f"{where}: the signature differs from the one sent")
        self.assertEqual(document.payload, payload, f"{where}: the payload differs from the bytes sent "
                         f"({len(document.payload)} bytes, fetch_handle {document.fetch_handle!r})")
        self.assertEqual(gc.sha256(document.header.header), receipt.header_digest, f"{where}: header digest")
        self.assert_applied(f"Ack of {where}", result)

    def test_sender_receives_arrived_status(self):
        self.recipient_token()
        _, _, _, receipt = self.send_new("status")
        _, result = self.receive_document(receipt.document_id)
        self.assert_applied(f"Ack by the recipient of document {receipt.document_id}", result)
        delivery, result, _ = self.pull_until(
            "sender", TOKEN, SENDER_ORG,
            lambda d: d.WhichOneof("content") == "status" and d.status.document_id == receipt.document_id)
        status = delivery.status
        where = f"[{self.transport}] status delivery {delivery.delivery_id} on document {receipt.document_id}"
        if status.code != document_pb2.DOCUMENT_STATUS_ARRIVED:
            self.fail(f"{where}: expected code DOCUMENT_STATUS_ARRIVED (1), got "
                      f"{document_pb2.DocumentStatus.Name(status.code)} ({status.code})")
        self.assertEqual(status.from_org, RECIPIENT_ORG, f"{where}: from_org")
        self.assertEqual(status.to_org, SENDER_ORG, f"{where}: to_org")
        self.assertEqual(delivery.recipient, SENDER_ORG, f"{where}: recipient")
        self.assert_applied(f"Ack of {where}", result)

    def test_exchange_receives_pushed_document_with_credits(self):
        recipient = self.recipient_token()
        self.sender_token()
        stream = self.open_exchange(recipient)
        try:
            self.subscribe(stream, "recipient", [RECIPIENT_ORG], 1, [RECIPIENT_ORG])
            # Subscribed first, then sent: the document is pushed as it is committed.
            header_bytes, signature, payload, receipt = self.send_new("exchange")
            delivery, others = self.exchange_until(
                stream, "recipient",
                lambda d: d.WhichOneof("content") == "document" and d.document.document_id == receipt.document_id)
            where = (f"[{self.transport}] pushed delivery {delivery.delivery_id} of document {receipt.document_id} "
                     f"(after {len(others)} others, acknowledged)")
            self.assertEqual(delivery.recipient, RECIPIENT_ORG, f"{where}: recipient")
            self.assertGreaterEqual(delivery.attempt, 1, f"{where}: attempt")
            self.assertTrue(delivery.HasField("lease_expires_at"), f"{where}: lease_expires_at is missing")
            document = delivery.document
            self.assertEqual(document.header.header, header_bytes, f"{where}: the header bytes differ from the bytes sent")
            self.assertEqual(document.header.signature, signature, f"{where}: the signature differs from the one sent")
            self.assertEqual(document.payload, payload, f"{where}: the payload differs from the bytes sent "
                             f"({len(document.payload)} bytes, fetch_handle {document.fetch_handle!r})")
            settled = self.settle_on(stream, "recipient", delivery)
            if not settled.applied:
                self.fail(f"{where}: expected settled.applied true, got false: {settled.detail!r}")
            self.close_cleanly(stream, "recipient")
        finally:
            stream.cancel()

    def test_exchange_first_message_not_subscribe_invalid_argument(self):
        stream = self.open_exchange(self.sender_token())
        try:
            stream.credit(1)  # the stream stays open: the server must judge this first message
            error = None
            try:
                response = stream.receive()
            except grpc.RpcError as err:
                error = err
            what = f"[{self.transport}] Exchange opened with credit instead of subscribe"
            if error is None:
                self.fail(f"{what}: expected {describe(INVALID_ARGUMENT)}, got "
                          f"{'the end of the stream (OK)' if response is None else response}")
            if error.code() != INVALID_ARGUMENT:
                self.fail(f"{what}: expected {describe(INVALID_ARGUMENT)}, got {describe(error.code())}: "
                          f"{error.details()!r}")
        finally:
            stream.cancel()

    def test_update_status_reaches_sender(self):
        self.recipient_token()
        _, _, _, receipt = self.send_new("update")
        _, result = self.receive_document(receipt.document_id)
        self.assert_applied(f"Ack by the recipient of document {receipt.document_id}", result)
        status_id = self.call(
            f"UpdateStatus 03 by {RECIPIENT_ORG} on document {receipt.document_id}",
            lambda: gc.update_status(self.channel, RECIPIENT_TOKEN, receipt.document_id, RECIPIENT_ORG,
                                     document_pb2.DOCUMENT_STATUS_ACCEPTED, ACCEPTED_DESCRIPTION, CLERK,
                                     timeout=TIMEOUT))
        self.assertTrue(status_id, f"[{self.transport}] UpdateStatus: status_id is empty")
        # The sender takes it from its own Exchange stream, for all of its codes.
        stream = self.open_exchange(TOKEN)
        try:
            self.subscribe(stream, "sender", [], 1, [SENDER_ORG])
            delivery, others = self.exchange_until(
                stream, "sender",
                lambda d: (d.WhichOneof("content") == "status" and d.status.document_id == receipt.document_id
                           and d.status.code == document_pb2.DOCUMENT_STATUS_ACCEPTED))
            status = delivery.status
            where = f"[{self.transport}] status delivery {delivery.delivery_id} on document {receipt.document_id}"
            self.assertEqual(status.description, ACCEPTED_DESCRIPTION, f"{where}: description")
            self.assertEqual(status.from_org, RECIPIENT_ORG, f"{where}: from_org")
            self.assertEqual(status.to_org, SENDER_ORG, f"{where}: to_org")
            self.assertEqual(delivery.recipient, SENDER_ORG, f"{where}: recipient")
            self.assertEqual(status.staff.staff, CLERK.staff, f"{where}: staff.staff")
            arrived = [d for d in others if d.WhichOneof("content") == "status"
                       and d.status.document_id == receipt.document_id
                       and d.status.code == document_pb2.DOCUMENT_STATUS_ARRIVED]
            self.assertTrue(arrived, f"{where}: the 01 (arrived) status of the document was not pushed before the 03 "
                                     f"({len(others)} other deliveries pushed and acknowledged)")
            settled = self.settle_on(stream, "sender", delivery)
            if not settled.applied:
                self.fail(f"{where}: expected settled.applied true, got false: {settled.detail!r}")
            self.close_cleanly(stream, "sender")
        finally:
            stream.cancel()

    def test_update_status_rejected_without_reason_failed_precondition(self):
        self.recipient_token()
        _, _, _, receipt = self.send_new("reject")
        _, result = self.receive_document(receipt.document_id)
        self.assert_applied(f"Ack by the recipient of document {receipt.document_id}", result)
        self.assert_fails_with(
            f"UpdateStatus 02 (rejected) with an empty description by {RECIPIENT_ORG} on document {receipt.document_id}",
            lambda: gc.update_status(self.channel, RECIPIENT_TOKEN, receipt.document_id, RECIPIENT_ORG,
                                     document_pb2.DOCUMENT_STATUS_REJECTED, "", CLERK, timeout=TIMEOUT),
            expected=FAILED_PRECONDITION)

    def test_unknown_method_unimplemented(self):
        metadata = self.token()
        self.assert_fails_with(
            "/axis.v1.DocumentExchange/NoSuchMethod (generic unary call) with the system's token",
            lambda: gc.call_raw(self.channel, "/axis.v1.DocumentExchange/NoSuchMethod", b"", timeout=TIMEOUT,
                                metadata=metadata))


class H2cInterop(_InteropCases, unittest.TestCase):
    transport = "h2c"

    @classmethod
    def open(cls):
        address = os.environ.get("GATEWAY_H2C")
        if not address:
            return None, "GATEWAY_H2C is not set"
        return gc.open_channel(address), None


class TlsInterop(_InteropCases, unittest.TestCase):
    transport = "tls"

    @classmethod
    def open(cls):
        address = os.environ.get("GATEWAY_TLS")
        ca = os.environ.get("GATEWAY_CA")
        if not address:
            return None, "GATEWAY_TLS is not set"
        if not ca:
            return None, "GATEWAY_CA is not set (needed with GATEWAY_TLS)"
        return gc.open_channel(address, ca, os.environ.get("GATEWAY_TLS_SERVER_NAME") or None), None


class MetricsInterop(unittest.TestCase):
    """The gateway's /metrics read by a real Prometheus-format parser (Debian's python3-prometheus-client),
    and its counters checked against documents this case sends over h2c."""

    def setUp(self):
        self.url = os.environ.get("GATEWAY_METRICS")
        if not self.url:
            self.skipTest("GATEWAY_METRICS is not set")
        if TOKEN is None or not os.environ.get("GATEWAY_H2C"):
            self.skipTest("GATEWAY_TOKEN and GATEWAY_H2C are needed to send documents")
        # Imported here so the other cases run where the package is missing.
        from prometheus_client.parser import text_string_to_metric_families
        self.parse = text_string_to_metric_families

    def scrape(self):
        with urllib.request.urlopen(self.url, timeout=TIMEOUT) as response:
            self.assertEqual(200, response.status)
            text = response.read().decode("utf-8")
        return {family.name: family for family in self.parse(text)}

    @staticmethod
    def total(families, family, sample, **labels):
        """Sum of the samples named `sample` in `family` whose labels include `labels` (0 when absent)."""
        if family not in families:
            return 0.0
        return sum(s.value for s in families[family].samples
                   if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items()))

    def test_exposition_parses_and_describes_every_gateway_family(self):
        families = self.scrape()
        gateway = {name: f for name, f in families.items() if name.startswith("gateway_")}
        expected = {
            "gateway_documents_accepted": "counter",
            "gateway_deliveries_acked": "counter",
            "gateway_queue_depth": "gauge",
            "gateway_queue_oldest_age_seconds": "gauge",
            "gateway_pipeline_channel_occupancy": "gauge",
            "gateway_send_stage_duration_seconds": "histogram",
            "gateway_signatures_required": "gauge",
        }
        for name, kind in expected.items():
            self.assertIn(name, gateway, f"{name} missing from {sorted(gateway)}")
            self.assertEqual(kind, gateway[name].type, name)
        for name, family in gateway.items():
            self.assertTrue(family.documentation, f"{name} has no HELP text")
        # This gateway runs with signatures required (the default).
        self.assertEqual(1.0, self.total(families, "gateway_signatures_required", "gateway_signatures_required"))

    def test_counters_move_by_exactly_what_was_sent(self):
        channel = gc.open_channel(os.environ["GATEWAY_H2C"])
        self.addCleanup(channel.close)
        before = self.scrape()
        sizes = []
        for i in range(3):
            payload = b"%PDF-1.7 metrics " + os.urandom(1000 + i)
            header = gc.new_header(SENDER_ORG, [RECIPIENT_ORG], f"interop-py-metrics-{i}-{RUN_ID}", payload,
                                   subject=SUBJECT, content_type="application/pdf", file_name="cong-van.pdf")
            header_bytes = header.SerializeToString()
            signature = gc.sign_header(header_bytes, *SIGNER) if SIGNER else b""
            gc.send_document(channel, TOKEN, header_bytes, payload, signature=signature, timeout=TIMEOUT)
            sizes.append(len(payload))
        after = self.scrape()

        def delta(family, sample, **labels):
            return self.total(after, family, sample, **labels) - self.total(before, family, sample, **labels)

        self.assertEqual(3.0, delta("gateway_documents_accepted", "gateway_documents_accepted_total"))
        self.assertEqual(float(sum(sizes)), delta("gateway_payload_received_bytes", "gateway_payload_received_bytes_total"))
        self.assertEqual(3.0, delta("gateway_send_stage_duration_seconds", "gateway_send_stage_duration_seconds_count", stage="total"))
        buckets = sorted(((float(s.labels["le"]), s.value) for s in after["gateway_send_stage_duration_seconds"].samples
                          if s.name.endswith("_bucket") and s.labels.get("stage") == "verify"))
        self.assertTrue(all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:])), "buckets must be cumulative")


if __name__ == "__main__":
    unittest.main(verbosity=2)
