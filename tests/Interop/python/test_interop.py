"""Interop tests of the gateway's gRPC contract with Debian's python3-grpcio.

Driven by environment variables:
  GATEWAY_H2C      host:port of the clear-text HTTP/2 endpoint (its cases are skipped when unset)
  GATEWAY_TLS      host:port of the TLS endpoint (its cases are skipped when unset)
  GATEWAY_CA       PEM file of the CA that issued the TLS endpoint's certificate (needed with GATEWAY_TLS)
  GATEWAY_TLS_SERVER_NAME  optional name to verify in the server certificate instead of the host
  GATEWAY_TOKEN    bearer token of a connected system (`gateway systems add --json` prints one); the
                   cases that need it are skipped when unset
  GATEWAY_TIMEOUT  deadline of every call in seconds (default 10)

Run with:  /usr/bin/python3 -m unittest -v test_interop    (from this folder, after generate.sh)
"""

import os
import unittest

import grpc

import gateway_client as gc
from axis.v1 import exchange_pb2

TIMEOUT = float(os.environ.get("GATEWAY_TIMEOUT") or gc.DEFAULT_TIMEOUT)
TOKEN = os.environ.get("GATEWAY_TOKEN") or None
UNIMPLEMENTED = grpc.StatusCode.UNIMPLEMENTED  # numeric value 12
UNAUTHENTICATED = grpc.StatusCode.UNAUTHENTICATED  # numeric value 16
INVALID_ARGUMENT = grpc.StatusCode.INVALID_ARGUMENT  # numeric value 3
# The right shape (gw1_ + 16-character id + _ + 43-character secret) but issued by no gateway.
UNKNOWN_TOKEN = "gw1_" + "A" * 16 + "_" + "A" * 43
MISSING_TOKEN_DETAIL = ("missing bearer token: send metadata 'authorization: Bearer <token>' "
                        "(gateway systems add prints one)")


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

    def test_get_trace_unimplemented(self):
        stub = gc.exchange_stub(self.channel)
        metadata = self.token()
        self.assert_fails_with(
            "DocumentExchange/GetTrace with the system's token",
            lambda: stub.GetTrace(exchange_pb2.GetTraceRequest(document_id="00000000-0000-0000-0000-000000000000"),
                                  timeout=TIMEOUT, metadata=metadata))

    def test_send_empty_request_invalid_argument(self):
        stub = gc.exchange_stub(self.channel)
        metadata = self.token()
        self.assert_fails_with(
            "DocumentExchange/Send with an empty request and the system's token",
            lambda: stub.Send(exchange_pb2.SendRequest(), timeout=TIMEOUT, metadata=metadata),
            expected=INVALID_ARGUMENT)

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


if __name__ == "__main__":
    unittest.main(verbosity=2)
