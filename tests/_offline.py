"""Refuse every network connection except loopback and Unix sockets.

Used by tests/conftest.py for the test process and, as an IPython startup file, for the
notebook kernels the tests start (their ZMQ channels are loopback C sockets, unaffected).
"""
import socket

_ALLOWED_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}


class NetworkBlocked(RuntimeError):
    """Raised when code under test tries to reach the network."""


def _guard(original):
    def connect(self, address, *args, **kwargs):
        family = getattr(self, "family", None)
        if family == getattr(socket, "AF_UNIX", object()):
            return original(self, address, *args, **kwargs)
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host in _ALLOWED_HOSTS or host.startswith("127.")):
            return original(self, address, *args, **kwargs)
        raise NetworkBlocked(f"network access attempted: {address!r} (kzlib must work offline)")
    return connect


def block_network() -> None:
    """Patch socket.socket.connect/connect_ex to refuse non-loopback addresses."""
    if getattr(socket.socket, "_kzlib_blocked", False):
        return
    socket.socket.connect = _guard(socket.socket.connect)
    socket.socket.connect_ex = _guard(socket.socket.connect_ex)
    socket.socket._kzlib_blocked = True
