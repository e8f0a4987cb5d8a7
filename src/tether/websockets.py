"""WebSocket: the application's side of an ASGI WebSocket connection, with its states and errors."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from typing import Any, NoReturn

from tether import _json
from tether.connection import HTTPConnection, StateT, UnsupportedScopeError
from tether.datastructures import _encode_header
from tether.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CloseCodeError",
    "CloseReasonError",
    "DenialNotSupportedError",
    "FrameTypeError",
    "JSONModeError",
    "MalformedMessageError",
    "NonFiniteJSONError",
    "PayloadTypeError",
    "SubprotocolError",
    "UnexpectedMessageError",
    "WebSocket",
    "WebSocketClose",
    "WebSocketDisconnect",
    "WebSocketDisconnected",
    "WebSocketError",
    "WebSocketState",
]

_CLOSE_CODE_NAMES = {
    1000: "normal closure",
    1001: "going away",
    1002: "protocol error",
    1003: "unsupported data",
    1005: "no status received",
    1006: "abnormal closure",
    1007: "invalid payload data",
    1008: "policy violation",
    1009: "message too big",
    1010: "mandatory extension",
    1011: "internal error",
    1012: "service restart",
    1013: "try again later",
    1014: "bad gateway",
    1015: "TLS handshake failure",
}

# The close codes an endpoint may put on the wire (RFC 6455 section 7.4 and the IANA registry):
# 1004 is reserved, 1005, 1006 and 1015 only report what happened, 1016-2999 are unassigned or
# reserved for extensions of the protocol, and nothing above 4999 exists.
_SENDABLE_CLOSE_CODES = frozenset((1000, 1001, 1002, 1003, *range(1007, 1015), *range(3000, 5000)))
# A close frame's payload is at most 125 bytes, two of which hold the code.
_MAX_CLOSE_REASON_BYTES = 123

_DENIAL_EXTENSION = "websocket.http.response"
_HTTP_RESPONSE_MESSAGES = ("http.response.start", "http.response.body")
_DENIAL_MESSAGES = ("websocket.http.response.start", "websocket.http.response.body")


class WebSocketState(enum.Enum):
    """The state of one side of a WebSocket connection, as the ASGI specification defines it.

    Attributes:
        CONNECTING: The handshake is in progress.
        CONNECTED: The connection is open and carries messages.
        DISCONNECTED: The connection is closed.
        RESPONSE: The application is sending an HTTP denial response instead of accepting.
    """

    CONNECTING = 0
    CONNECTED = 1
    DISCONNECTED = 2
    RESPONSE = 3


_CONNECTING = WebSocketState.CONNECTING
_CONNECTED = WebSocketState.CONNECTED
_DISCONNECTED = WebSocketState.DISCONNECTED
_RESPONSE = WebSocketState.RESPONSE


class WebSocketDisconnect(Exception):  # noqa: N818 (Starlette's name)
    """The connection closed: the client disconnected, or the server could not deliver a message.

    Unlike Starlette's, ``str()`` of this exception is a readable sentence that names the
    close code, for example ``WebSocket disconnected with code 1001 (going away): bye``.

    Args:
        code: The WebSocket close code.
        reason: The close reason the peer gave, if any.

    Attributes:
        code: The WebSocket close code. 1005 means the client sent none; 1006 means the
            connection dropped without a close frame.
        reason: The close reason, or ``""`` when there is none.
    """

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        super().__init__(code, reason)
        self.code = code
        self.reason = reason or ""

    def __str__(self) -> str:
        name = _CLOSE_CODE_NAMES.get(self.code)
        text = f"WebSocket disconnected with code {self.code}"
        if name is not None:
            text += f" ({name})"
        if self.reason:
            text += f": {self.reason}"
        return text


class WebSocketError(RuntimeError):
    """Base class of the errors tether raises when a WebSocket is used in a way it cannot be.

    It subclasses `RuntimeError`, which Starlette raises in the same situations, so existing
    ``except RuntimeError`` clauses keep working.
    """


class UnexpectedMessageError(WebSocketError):
    """An ASGI message that is not valid in the connection's current state.

    Args:
        operation: ``"receive"`` for a message that came from the server, ``"send"`` for one
            the application tried to send.
        state: The state of that side of the connection when the message came.
        expected: The message types valid in that state.
        received: The type of the message that came instead.

    Attributes:
        operation: ``"receive"`` or ``"send"``.
        state: The state of that side of the connection.
        expected: The message types valid in that state.
        received: The type of the message that came instead.
    """

    def __init__(
        self,
        operation: str,
        state: WebSocketState,
        expected: tuple[str, ...],
        received: object,
    ) -> None:
        self.operation = operation
        self.state = state
        self.expected = expected
        self.received = received
        wanted = " or ".join(repr(message_type) for message_type in expected)
        super().__init__(
            f"WebSocket.{operation}() in state {state.name} expected ASGI message {wanted}, "
            f"got {received!r}"
        )


class WebSocketDisconnected(WebSocketError):  # noqa: N818 (Starlette's name)
    """The WebSocket was used for something its state no longer allows.

    Raised when receiving after the client disconnected, sending after the application closed
    the connection or finished a denial response, and reading data before `WebSocket.accept`.
    The name and meaning match Starlette's ``WebSocketDisconnected``.
    """


class FrameTypeError(WebSocketError, KeyError):
    """A data message carried the other kind of frame than the one asked for.

    Raised, for example, by `WebSocket.receive_text` when a binary frame arrives. Starlette
    raises a bare `KeyError` here, so this class subclasses `KeyError` as well.

    Args:
        expected: ``"text"`` or ``"bytes"``, the kind of frame asked for.
        received: The kind of frame that arrived.

    Attributes:
        expected: The kind of frame asked for.
        received: The kind of frame that arrived.
    """

    def __init__(self, expected: str, received: str) -> None:
        self.expected = expected
        self.received = received
        super().__init__(f"Expected a {expected} WebSocket frame, but a {received} frame arrived")

    def __str__(self) -> str:
        return str(self.args[0])


class JSONModeError(WebSocketError, ValueError):
    """A JSON method was given a ``mode`` other than ``"text"`` or ``"binary"``.

    It subclasses `ValueError` as well as `RuntimeError`, which Starlette raises here.

    Args:
        mode: The mode that was given.

    Attributes:
        mode: The mode that was given.
    """

    def __init__(self, mode: object) -> None:
        self.mode = mode
        super().__init__(f'The JSON mode must be "text" or "binary", got {mode!r}')


class SubprotocolError(WebSocketError):
    """`WebSocket.accept` was given a subprotocol that the client did not offer.

    Args:
        subprotocol: The subprotocol the application chose.
        offered: The subprotocols the client offered, from ``scope["subprotocols"]``.

    Attributes:
        subprotocol: The subprotocol the application chose.
        offered: The subprotocols the client offered.
    """

    def __init__(self, subprotocol: str, offered: list[str]) -> None:
        self.subprotocol = subprotocol
        self.offered = offered
        choices = ", ".join(repr(name) for name in offered) if offered else "none"
        super().__init__(
            f"Cannot accept with subprotocol {subprotocol!r}: the client offered {choices}"
        )


class DenialNotSupportedError(WebSocketError):
    """A denial response was sent, but the server lacks the ``websocket.http.response`` extension.

    Servers that support it list it in ``scope["extensions"]``.
    """

    def __init__(self) -> None:
        super().__init__(
            "Cannot send an HTTP denial response: the server does not support the "
            f"{_DENIAL_EXTENSION!r} ASGI extension; use close() to reject the connection"
        )


class CloseCodeError(WebSocketError, ValueError):
    """A close code that a WebSocket close frame may not carry.

    Only 1000-1003, 1007-1014 and 3000-4999 may be sent. Starlette passes any code to the
    server, which then drops the connection (uvicorn) or sends another code (hypercorn);
    tether refuses it before anything reaches the server. It is a `ValueError` as well.

    Args:
        code: The code that was given.

    Attributes:
        code: The code that was given.
    """

    def __init__(self, code: object) -> None:
        self.code = code
        if isinstance(code, int) and not isinstance(code, bool):
            why = "it is reserved or unassigned"
            if code in _CLOSE_CODE_NAMES:
                why = f"{code} ({_CLOSE_CODE_NAMES[code]}) only reports a closure, it is never sent"
        else:
            why = "it is not an int"
        super().__init__(
            f"Cannot close with code {code!r}: {why}; use 1000-1003, 1007-1014 or 3000-4999 "
            "(4000-4999 are free for applications)"
        )


class CloseReasonError(WebSocketError, ValueError):
    """A close reason that a close frame cannot carry: not a `str`, or over 123 bytes of UTF-8.

    It is a `ValueError` as well.

    Args:
        reason: The reason that was given.

    Attributes:
        reason: The reason that was given.
    """

    def __init__(self, reason: object) -> None:
        self.reason = reason
        if not isinstance(reason, str):
            why = f"it must be a str, got {type(reason).__name__}"
        elif not reason.isascii() and any("\ud800" <= char <= "\udfff" for char in reason):
            why = "it holds a lone surrogate, which UTF-8 cannot encode"
        else:
            size = len(reason.encode("utf-8"))
            why = f"it is {size} bytes of UTF-8, more than the {_MAX_CLOSE_REASON_BYTES} that fit"
        super().__init__(f"Cannot close with this reason: {why}")


class PayloadTypeError(WebSocketError, TypeError):
    """A data method was given the wrong type: `WebSocket.send_text` needs a `str`,
    `WebSocket.send_bytes` a bytes-like object.

    Starlette hands such a message to the server, which sends the other kind of frame or drops
    the connection. It is a `TypeError` as well.

    Args:
        method: The method that was called, such as ``"send_text"``.
        expected: A description of the type it needs.
        data: The value it was given.

    Attributes:
        method: The method that was called.
        data: The value it was given.
    """

    def __init__(self, method: str, expected: str, data: object) -> None:
        self.method = method
        self.data = data
        super().__init__(f"{method}() needs {expected}, got {type(data).__name__}")


class NonFiniteJSONError(WebSocketError, ValueError):
    """`WebSocket.send_json` was given NaN or an infinity, which JSON cannot represent.

    Python's `json` writes them as ``NaN`` and ``Infinity``, which JSON parsers in browsers
    refuse; pass ``allow_nan=True`` to send them anyway. It is a `ValueError` as well, which
    `json.dumps` raises with ``allow_nan=False``.
    """

    def __init__(self) -> None:
        super().__init__(
            "Cannot send NaN or an infinity as JSON (browsers cannot parse it); "
            "pass allow_nan=True to send it anyway"
        )


class MalformedMessageError(WebSocketError, KeyError):
    """A ``websocket.receive`` message from the server carries no usable data.

    The ASGI specification asks for exactly one of ``text`` (a `str`) and ``bytes`` (a
    `bytes`) to be present and not None. Starlette raises a bare `KeyError` for such a
    message, so this class subclasses `KeyError` as well.

    Args:
        message: The message that arrived.

    Attributes:
        message: The message that arrived.
    """

    def __init__(self, message: Message) -> None:
        self.message = message
        text, data = message.get("text"), message.get("bytes")
        super().__init__(
            "A 'websocket.receive' message needs exactly one of 'text' (str) and 'bytes' "
            f"(bytes), got text={_describe(text)} and bytes={_describe(data)}"
        )

    def __str__(self) -> str:
        return str(self.args[0])


def _describe(value: object) -> str:
    """Name the type of a message field for an error, without echoing a large payload."""
    return "None" if value is None else f"a {type(value).__name__}"


def _frame_kind(message: Message) -> str | None:
    """Return ``"text"`` or ``"binary"`` for a well-formed data message, None otherwise."""
    text, data = message.get("text"), message.get("bytes")
    if isinstance(text, str) and data is None:
        return "text"
    if isinstance(data, bytes) and text is None:
        return "binary"
    return None


def _check_close(code: object, reason: object) -> str:
    """Check a close code and reason before they reach the server; return the reason text."""
    if not isinstance(code, int) or isinstance(code, bool) or code not in _SENDABLE_CLOSE_CODES:
        raise CloseCodeError(code)
    if reason is None:
        return ""
    if not isinstance(reason, str):
        raise CloseReasonError(reason)
    try:
        size = len(reason.encode("utf-8"))
    except UnicodeEncodeError:
        raise CloseReasonError(reason) from None
    if size > _MAX_CLOSE_REASON_BYTES:
        raise CloseReasonError(reason)
    return reason


HeadersArg = Iterable[tuple[bytes, bytes]] | Mapping[str, str] | None
"""Response headers: ``(name, value)`` byte pairs as in ASGI, or a mapping of strings."""


def _raw_headers(headers: HeadersArg) -> list[tuple[bytes, bytes]]:
    """Turn the headers a caller passed into the ASGI list of ``(name, value)`` byte pairs.

    Each name must be a token and no value may hold CR, LF or NUL (`InvalidHeaderError`).
    """
    if headers is None:
        return []
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return [_encode_header(name, value) for name, value in pairs]


class WebSocket(HTTPConnection[StateT]):
    """The application's side of one ASGI WebSocket connection.

    Both sides of the connection follow the state machine of the ASGI specification:
    `client_state` tracks the messages received from the server and `application_state` the
    messages sent to it. A message that is not valid in the current state raises
    `UnexpectedMessageError`, naming the expected and the received message types.

    Where it differs from Starlette's ``WebSocket``:

    - a disconnect message without ``code`` counts as 1005, the WebSocket default;
    - after a disconnect, `close_code` and `close_reason` keep the code and reason, also
      when `iter_text`, `iter_bytes` or `iter_json` ended because of it;
    - sending data after the client disconnected raises `WebSocketDisconnect` with the
      client's close code instead of reaching the server, and `close` then does nothing;
    - a frame of the wrong kind raises `FrameTypeError`, which names what arrived,
      instead of a bare `KeyError`;
    - `accept` refuses a subprotocol the client did not offer (`SubprotocolError`);
    - `deny` sends a simple denial response, and both denial methods raise
      `DenialNotSupportedError` when the server lacks the extension.

    Every error for misuse subclasses `WebSocketError`, a `RuntimeError` like Starlette's.

    Args:
        scope: The ASGI scope; ``scope["type"]`` must be ``"websocket"``.
        receive: The ASGI receive callable of the connection.
        send: The ASGI send callable of the connection.

    Attributes:
        close_code: The close code of the disconnect, or None while connected. It is the
            code of the client's disconnect message (1005 when it has none), or 1006 when
            the server's send failed with `OSError`.
        close_reason: The close reason of the disconnect (``""`` when there is none), or
            None while connected.

    Raises:
        UnsupportedScopeError: If ``scope["type"]`` is not ``"websocket"``.
    """

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "websocket":
            raise UnsupportedScopeError(
                f"WebSocket needs a 'websocket' scope, got type {scope.get('type')!r}"
            )
        super().__init__(scope, receive)
        self._receive: Receive = receive
        self._send = send
        self._client_state = _CONNECTING
        self._application_state = _CONNECTING
        # Whether both sides are CONNECTED, kept by the two state setters: the data methods
        # read this one attribute to take their fast paths.
        self._open = False
        self.close_code: int | None = None
        self.close_reason: str | None = None

    @property
    def client_state(self) -> WebSocketState:
        """The state of the client's side, as seen through received messages."""
        return self._client_state

    @client_state.setter
    def client_state(self, state: WebSocketState) -> None:
        self._client_state = state
        self._open = state is _CONNECTED and self._application_state is _CONNECTED

    @property
    def application_state(self) -> WebSocketState:
        """The state of the application's side, as seen through sent messages."""
        return self._application_state

    @application_state.setter
    def application_state(self, state: WebSocketState) -> None:
        self._application_state = state
        self._open = state is _CONNECTED and self._client_state is _CONNECTED

    async def receive(self) -> Message:
        """Receive the next ASGI message from the server, checking it against `client_state`.

        While connecting, the only valid message is ``websocket.connect``; once connected,
        ``websocket.receive`` or ``websocket.disconnect``. A disconnect message sets
        `close_code` and `close_reason` and moves `client_state` to DISCONNECTED; it is
        returned like any other message.

        Returns:
            The message.

        Raises:
            WebSocketDisconnected: If the client already disconnected.
            UnexpectedMessageError: If the message is not valid in the current state.
            MalformedMessageError: If a ``websocket.receive`` message does not carry exactly
                one of ``text`` and ``bytes``.
        """
        state = self._client_state
        if state is _CONNECTED:
            message = await self._receive()
            message_type = message.get("type")
            if message_type == "websocket.receive":
                if _frame_kind(message) is None:
                    raise MalformedMessageError(message)
            elif message_type == "websocket.disconnect":
                self._record_disconnect(message)
            else:
                raise UnexpectedMessageError(
                    "receive", state, ("websocket.receive", "websocket.disconnect"), message_type
                )
            return message
        if state is _CONNECTING:
            message = await self._receive()
            message_type = message.get("type")
            if message_type != "websocket.connect":
                raise UnexpectedMessageError("receive", state, ("websocket.connect",), message_type)
            self.client_state = _CONNECTED
            return message
        raise WebSocketDisconnected(
            f"Cannot receive: the client already disconnected with code {self.close_code}"
        )

    def _record_disconnect(self, message: Message) -> None:
        """Keep the code and reason of a disconnect message and mark the client disconnected."""
        self.client_state = _DISCONNECTED
        code = message.get("code")
        self.close_code = 1005 if code is None else code
        self.close_reason = message.get("reason") or ""

    async def send(self, message: Message) -> None:
        """Send an ASGI message to the server, checking it against `application_state`.

        While connecting, the valid messages are ``websocket.accept``, ``websocket.close``
        and ``websocket.http.response.start``; once connected, ``websocket.send`` and
        ``websocket.close``; during a denial response, ``websocket.http.response.body``
        (the response ends with the first body whose ``more_body`` is false).

        After the client disconnected, a ``websocket.close`` only moves `application_state`
        to DISCONNECTED, since there is nothing left to close, and any other valid message
        raises `WebSocketDisconnect` with the client's close code; neither reaches the server.

        Args:
            message: The ASGI message.

        Raises:
            UnexpectedMessageError: If the message is not valid in the current state.
            CloseCodeError: If a ``websocket.close`` message carries a code that may not be
                sent.
            CloseReasonError: If its reason is not a `str` of at most 123 bytes of UTF-8.
            WebSocketDisconnected: If the application already closed the connection or
                finished a denial response.
            DenialNotSupportedError: If the message starts a denial response and the server
                lacks the ``websocket.http.response`` extension.
            WebSocketDisconnect: If the client disconnected, or the server's send raised
                `OSError` (code 1006).
        """
        state = self._application_state
        message_type = message.get("type")
        if message_type == "websocket.close":
            _check_close(message.get("code", 1000), message.get("reason"))
        if state is _CONNECTED:
            if message_type == "websocket.close":
                next_state = _DISCONNECTED
            elif message_type == "websocket.send":
                next_state = _CONNECTED
            else:
                raise UnexpectedMessageError(
                    "send", state, ("websocket.send", "websocket.close"), message_type
                )
        elif state is _CONNECTING:
            if message_type == "websocket.accept":
                next_state = _CONNECTED
            elif message_type == "websocket.close":
                next_state = _DISCONNECTED
            elif message_type == "websocket.http.response.start":
                if _DENIAL_EXTENSION not in self.scope.get("extensions", {}):
                    raise DenialNotSupportedError()
                next_state = _RESPONSE
            else:
                raise UnexpectedMessageError(
                    "send",
                    state,
                    ("websocket.accept", "websocket.close", "websocket.http.response.start"),
                    message_type,
                )
        elif state is _RESPONSE:
            if message_type != "websocket.http.response.body":
                raise UnexpectedMessageError(
                    "send", state, ("websocket.http.response.body",), message_type
                )
            next_state = _RESPONSE if message.get("more_body", False) else _DISCONNECTED
        else:
            raise WebSocketDisconnected(
                f"Cannot send {message_type!r}: the application already closed the connection"
            )
        if self._client_state is _DISCONNECTED:
            if message_type == "websocket.close":
                self.application_state = _DISCONNECTED
                return
            raise WebSocketDisconnect(self.close_code or 1005, self.close_reason)
        self.application_state = next_state
        try:
            await self._send(message)
        except OSError as exc:
            self._lost_connection(exc)

    def _lost_connection(self, exc: OSError) -> NoReturn:
        """Turn the server's `OSError` into a ``WebSocketDisconnect(1006)`` and record it."""
        self.application_state = _DISCONNECTED
        self.close_code = 1006
        self.close_reason = ""
        raise WebSocketDisconnect(1006) from exc

    async def accept(self, subprotocol: str | None = None, headers: HeadersArg = None) -> None:
        """Accept the connection, first receiving the client's connect message if needed.

        Args:
            subprotocol: The subprotocol to speak, one of those the client offered in
                ``scope["subprotocols"]``; None for no subprotocol.
            headers: Extra response headers: an iterable of ``(name, value)`` byte pairs,
                as in Starlette, or a mapping of strings.

        Raises:
            SubprotocolError: If the client did not offer ``subprotocol``.
            InvalidHeaderError: If a header name is not a token or a value holds CR, LF or
                NUL (Starlette sends them, letting a value inject headers).
            UnexpectedMessageError: If the connection is already accepted or answered with a
                denial response, or the server's first message is not a connect message.
            WebSocketDisconnected: If the application already closed the connection.
            WebSocketDisconnect: If the client disconnected or the server's send failed.
        """
        if subprotocol is not None:
            offered = list(self.scope.get("subprotocols", ()))
            if subprotocol not in offered:
                raise SubprotocolError(subprotocol, offered)
        if self._client_state is _CONNECTING:
            await self.receive()
        await self.send(
            {
                "type": "websocket.accept",
                "subprotocol": subprotocol,
                "headers": _raw_headers(headers),
            }
        )

    async def _receive_data_message(self) -> Message:
        """Receive a message for the data methods when a side is not simply connected."""
        if self._application_state is _CONNECTING:
            raise WebSocketDisconnected('WebSocket is not connected: call "accept" first')
        if self._application_state is not _CONNECTED:
            raise WebSocketDisconnected(
                "Cannot receive: the application already closed the connection"
            )
        return await self.receive()

    def _not_data(self, message: Message, expected: str) -> Exception:
        """Build the exception for a received message that does not carry ``expected`` data.

        Args:
            message: The received message.
            expected: ``"text"`` or ``"binary"``.

        Returns:
            `FrameTypeError` for the other kind of frame, `MalformedMessageError` for a data
            message without usable data, `WebSocketDisconnect` for a disconnect (which is
            recorded), `UnexpectedMessageError` for anything else.
        """
        message_type = message.get("type")
        if message_type == "websocket.receive":
            kind = _frame_kind(message)
            if kind is None:
                return MalformedMessageError(message)
            return FrameTypeError(expected, kind)
        if message_type == "websocket.disconnect":
            self._record_disconnect(message)
            return WebSocketDisconnect(self.close_code or 1005, self.close_reason)
        return UnexpectedMessageError(
            "receive", _CONNECTED, ("websocket.receive", "websocket.disconnect"), message_type
        )

    async def receive_text(self) -> str:
        """Receive the next text message.

        Returns:
            The text of the message.

        Raises:
            WebSocketDisconnect: If the client disconnects now.
            FrameTypeError: If a binary frame arrived.
            WebSocketDisconnected: If the connection is not accepted yet, was closed by the
                application, or the client had already disconnected.
            UnexpectedMessageError: If the server sent a message that is not valid now.
            MalformedMessageError: If the message carries no usable data.
        """
        # Fast path. While both sides are CONNECTED (`_open`), the checks of `receive` can
        # only accept a data message or record a disconnect, which the tail below does as
        # well (through `_not_data`); so the message is taken straight from the server,
        # saving a call and the state lookups on every message of a busy connection, and a
        # well-formed text frame is recognised with subscripts, cheaper than get(). Anything
        # else goes through the tail; any other state through `receive`.
        # test_fast_paths_agree_with_send_and_receive (in tests/unit/test_websocket_states.py)
        # runs random traffic both ways and requires the same results, exceptions and states.
        if self._open:
            message = await self._receive()
            # A well-formed text frame, checked inline: a call costs as much as these checks.
            try:
                if message["type"] == "websocket.receive" and "bytes" not in message:
                    text = message["text"]
                    if isinstance(text, str):
                        return text
            except KeyError:
                pass
        else:
            message = await self._receive_data_message()
        return self._text_of(message)

    def _text_of(self, message: Message) -> str:
        """Return the text of a received text frame, or raise what ``message`` calls for.

        Raises:
            FrameTypeError: If it is a binary frame.
            MalformedMessageError: If it is a data message without usable data.
            WebSocketDisconnect: If it is a disconnect, which is recorded.
            UnexpectedMessageError: If it is any other message.
        """
        # On an open connection the callers try a well-formed text frame with subscripts
        # first (their fast paths); this is the general check behind them.
        if message.get("type") == "websocket.receive":
            text = message.get("text")
            if isinstance(text, str) and message.get("bytes") is None:
                return text
        raise self._not_data(message, "text")

    async def receive_bytes(self) -> bytes:
        """Receive the next binary message.

        Returns:
            The bytes of the message.

        Raises:
            WebSocketDisconnect: If the client disconnects now.
            FrameTypeError: If a text frame arrived.
            WebSocketDisconnected: If the connection is not accepted yet, was closed by the
                application, or the client had already disconnected.
            UnexpectedMessageError: If the server sent a message that is not valid now.
            MalformedMessageError: If the message carries no usable data.
        """
        # Fast path: see `receive_text`.
        if self._open:
            message = await self._receive()
        else:
            message = await self._receive_data_message()
        return self._bytes_of(message)

    def _bytes_of(self, message: Message) -> bytes:
        """Return the bytes of a received binary frame, or raise what ``message`` calls for.

        Raises:
            FrameTypeError: If it is a text frame.
            MalformedMessageError: If it is a data message without usable data.
            WebSocketDisconnect: If it is a disconnect, which is recorded.
            UnexpectedMessageError: If it is any other message.
        """
        try:
            if message["type"] == "websocket.receive" and "text" not in message:
                data = message["bytes"]
                if isinstance(data, bytes):
                    return data
        except KeyError:
            pass
        if message.get("type") == "websocket.receive":
            data = message.get("bytes")
            if isinstance(data, bytes) and message.get("text") is None:
                return data
        raise self._not_data(message, "binary")

    async def receive_json(self, mode: str = "text") -> Any:
        """Receive the next message and decode it as JSON.

        It decodes as Python's `json` does. With the ``fast`` extra installed (``pip
        install tether[fast]``), orjson decodes every message it reads exactly as `json`
        would, several times faster, and `json` the others: the values and the errors are
        the same either way.

        Args:
            mode: ``"text"`` to read a text frame, ``"binary"`` to read a binary frame
                holding UTF-8 encoded JSON.

        Returns:
            The decoded value.

        Raises:
            JSONModeError: If ``mode`` is neither ``"text"`` nor ``"binary"``.
            WebSocketDisconnect: If the client disconnected.
            FrameTypeError: If the other kind of frame arrived.
            WebSocketDisconnected: If the connection is not accepted yet, was closed by the
                application, or the client had already disconnected.
            UnexpectedMessageError: If the server sent a message that is not valid now.
            json.JSONDecodeError: If the message is not valid JSON.
            UnicodeDecodeError: If a binary message is not valid UTF-8.
        """
        # With both sides CONNECTED, the fast path of receive_text (or receive_bytes) without
        # its coroutine.
        if mode == "text":
            if self._open:
                message = await self._receive()
                # A well-formed text frame, checked inline: a call costs as much as these checks.
                try:
                    if message["type"] == "websocket.receive" and "bytes" not in message:
                        text = message["text"]
                        if isinstance(text, str):
                            return _json.loads(text)
                except KeyError:
                    pass
                return _json.loads(self._text_of(message))
            return _json.loads(await self.receive_text())
        if mode == "binary":
            if self._open:
                return _json.loads_bytes(self._bytes_of(await self._receive()))
            return _json.loads_bytes(await self.receive_bytes())
        raise JSONModeError(mode)

    async def iter_text(self) -> AsyncIterator[str]:
        """Iterate over received text messages until the client disconnects.

        The iteration ends quietly on disconnect; `close_code` and `close_reason` then hold
        the client's code and reason.

        Yields:
            The text of each message.

        Raises:
            FrameTypeError: If a binary frame arrives.
            WebSocketDisconnected: If the connection is not accepted yet or already closed.
            UnexpectedMessageError: If the server sends a message that is not valid now.
        """
        try:
            while True:
                yield await self.receive_text()
        except WebSocketDisconnect:
            return

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        """Iterate over received binary messages until the client disconnects.

        The iteration ends quietly on disconnect; `close_code` and `close_reason` then hold
        the client's code and reason.

        Yields:
            The bytes of each message.

        Raises:
            FrameTypeError: If a text frame arrives.
            WebSocketDisconnected: If the connection is not accepted yet or already closed.
            UnexpectedMessageError: If the server sends a message that is not valid now.
        """
        try:
            while True:
                yield await self.receive_bytes()
        except WebSocketDisconnect:
            return

    async def iter_json(self, mode: str = "text") -> AsyncIterator[Any]:
        """Iterate over received messages decoded as JSON until the client disconnects.

        The iteration ends quietly on disconnect; `close_code` and `close_reason` then hold
        the client's code and reason.

        Args:
            mode: ``"text"`` or ``"binary"``, as for `receive_json`.

        Yields:
            The decoded value of each message.

        Raises:
            JSONModeError: If ``mode`` is neither ``"text"`` nor ``"binary"``.
            FrameTypeError: If the other kind of frame arrives.
            WebSocketDisconnected: If the connection is not accepted yet or already closed.
            UnexpectedMessageError: If the server sends a message that is not valid now.
            json.JSONDecodeError: If a message is not valid JSON.
        """
        if mode not in ("text", "binary"):
            raise JSONModeError(mode)
        try:
            while True:
                yield await self.receive_json(mode)
        except WebSocketDisconnect:
            return

    async def send_text(self, data: str) -> None:
        """Send a text message.

        Args:
            data: The text to send.

        Raises:
            PayloadTypeError: If ``data`` is not a `str` (Starlette lets ``bytes`` through,
                and servers then send a binary frame or drop the connection).
            WebSocketDisconnect: If the client disconnected or the server's send failed.
            UnexpectedMessageError: If the connection is not accepted yet, or was answered
                with a denial response.
            WebSocketDisconnected: If the application already closed the connection.
        """
        # Fast path. While both sides are CONNECTED (`_open`), `send` would only check that
        # ``websocket.send`` is valid (it is), keep the state, and turn an `OSError` into
        # ``WebSocketDisconnect(1006)``, which this does too; any other state goes through
        # `send`. test_fast_paths_agree_with_send_and_receive (in
        # tests/unit/test_websocket_states.py) proves both ways equivalent on random traffic.
        if isinstance(data, str) and self._open:
            try:
                await self._send({"type": "websocket.send", "text": data})
            except OSError as exc:
                self._lost_connection(exc)
        elif not isinstance(data, str):
            raise PayloadTypeError("send_text", "a str", data)
        else:
            await self.send({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes | bytearray | memoryview) -> None:
        """Send a binary message.

        Args:
            data: The bytes to send; a `bytearray` or `memoryview` is copied into `bytes`,
                the type the ASGI specification asks for.

        Raises:
            PayloadTypeError: If ``data`` is not bytes-like (Starlette lets a `str` through,
                and servers then send a text frame or drop the connection).
            WebSocketDisconnect: If the client disconnected or the server's send failed.
            UnexpectedMessageError: If the connection is not accepted yet, or was answered
                with a denial response.
            WebSocketDisconnected: If the application already closed the connection.
        """
        if not isinstance(data, bytes):
            if not isinstance(data, (bytearray, memoryview)):
                raise PayloadTypeError("send_bytes", "bytes, bytearray or memoryview", data)
            data = bytes(data)
        # Fast path: see `send_text`.
        if self._open:
            try:
                await self._send({"type": "websocket.send", "bytes": data})
            except OSError as exc:
                self._lost_connection(exc)
        else:
            await self.send({"type": "websocket.send", "bytes": data})

    async def send_json(self, data: Any, mode: str = "text", *, allow_nan: bool = False) -> None:
        """Encode a value as compact JSON, keeping non-ASCII characters, and send it.

        Unlike Starlette's, it refuses NaN and infinities unless asked to send them, since
        ``NaN`` and ``Infinity`` are not JSON and a browser's ``JSON.parse`` rejects them.

        The text is that of Python's `json` (``json.dumps(data, separators=(",", ":"),
        ensure_ascii=False)``). With the ``fast`` extra installed (``pip install
        tether[fast]``), orjson encodes every value for which it writes exactly that text,
        several times faster, and `json` the others: the text and the errors are the same
        either way.

        Args:
            data: The value to encode.
            mode: ``"text"`` to send a text frame, ``"binary"`` to send the UTF-8 encoded
                JSON in a binary frame.
            allow_nan: Write NaN and infinities as ``NaN``, ``Infinity`` and ``-Infinity``,
                as Python's `json` does, instead of raising `NonFiniteJSONError`.

        Raises:
            JSONModeError: If ``mode`` is neither ``"text"`` nor ``"binary"``.
            NonFiniteJSONError: If ``data`` holds NaN or an infinity and ``allow_nan`` is
                false.
            TypeError: If ``data`` cannot be encoded as JSON.
            ValueError: If ``data`` contains a circular reference.
            WebSocketDisconnect: If the client disconnected or the server's send failed.
            UnexpectedMessageError: If the connection is not accepted yet, or was answered
                with a denial response.
            WebSocketDisconnected: If the application already closed the connection.
        """
        encode: Callable[[Any, bool], str | bytes]
        if mode == "text":
            key, encode = "text", _json.dumps
        elif mode == "binary":
            key, encode = "bytes", _json.dumps_bytes
        else:
            raise JSONModeError(mode)
        try:
            payload: str | bytes = encode(data, allow_nan)
        except ValueError as exc:
            if str(exc).startswith("Out of range float"):
                raise NonFiniteJSONError() from exc
            raise
        if self._open:
            # The fast path of send_text (or send_bytes) without its coroutine.
            try:
                await self._send({"type": "websocket.send", key: payload})
            except OSError as exc:
                self._lost_connection(exc)
        elif isinstance(payload, str):
            await self.send_text(payload)
        else:
            await self.send_bytes(payload)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection, or reject it if it is not accepted yet.

        The code and reason are checked before anything is sent, since servers drop the
        connection or replace the code when a close frame cannot carry them.

        Args:
            code: The WebSocket close code: 1000-1003, 1007-1014, or 3000-4999 (4000-4999
                are free for applications).
            reason: The close reason to send to the client, at most 123 bytes of UTF-8.

        Raises:
            CloseCodeError: If the code may not be sent in a close frame.
            CloseReasonError: If the reason is not a `str` of at most 123 bytes of UTF-8.
            WebSocketDisconnected: If the application already closed the connection.
            UnexpectedMessageError: If a denial response is in progress.
            WebSocketDisconnect: If the server's send failed.
        """
        await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})

    async def send_denial_response(self, response: ASGIApp) -> None:
        """Reject the connection with an HTTP response sent by an ASGI application.

        ``response`` is called with this connection's scope; the ``http.response.start`` and
        ``http.response.body`` messages it sends become ``websocket.http.response.start``
        and ``websocket.http.response.body``, so any ASGI HTTP response works, a Starlette
        ``Response`` included.

        Args:
            response: The ASGI application that sends the response.

        Raises:
            DenialNotSupportedError: If the server lacks the ``websocket.http.response``
                extension.
            UnexpectedMessageError: If the connection is already accepted, or ``response``
                sends something other than an HTTP response.
            WebSocketDisconnected: If the application already closed the connection.
            WebSocketDisconnect: If the client disconnected or the server's send failed.
        """
        if _DENIAL_EXTENSION not in self.scope.get("extensions", {}):
            raise DenialNotSupportedError()
        await response(self.scope, self.receive, self._send_denial_message)

    async def _send_denial_message(self, message: Message) -> None:
        """Send one message of a denial response, adding the ``websocket.`` prefix it needs."""
        message_type = message.get("type")
        if message_type in _HTTP_RESPONSE_MESSAGES:
            message = {**message, "type": f"websocket.{message_type}"}
        elif message_type not in _DENIAL_MESSAGES:
            raise UnexpectedMessageError(
                "send", self.application_state, _HTTP_RESPONSE_MESSAGES, message_type
            )
        await self.send(message)

    async def deny(
        self, status_code: int = 403, body: bytes | str = b"", headers: HeadersArg = None
    ) -> None:
        """Reject the connection with a simple HTTP response.

        A ``content-length`` header is added; a `str` body is sent UTF-8 encoded with a
        ``text/plain`` content type unless ``headers`` name one.

        Args:
            status_code: The HTTP status code.
            body: The response body.
            headers: Response headers: an iterable of ``(name, value)`` byte pairs or a
                mapping of strings.

        Raises:
            DenialNotSupportedError: If the server lacks the ``websocket.http.response``
                extension.
            InvalidHeaderError: If a header name is not a token or a value holds CR, LF or
                NUL.
            UnexpectedMessageError: If the connection is already accepted.
            WebSocketDisconnected: If the application already closed the connection.
            WebSocketDisconnect: If the client disconnected or the server's send failed.
        """
        raw_headers = _raw_headers(headers)
        names = {name.lower() for name, _ in raw_headers}
        if isinstance(body, str):
            body = body.encode("utf-8")
            if b"content-type" not in names:
                raw_headers.append((b"content-type", b"text/plain; charset=utf-8"))
        if b"content-length" not in names:
            raw_headers.append((b"content-length", str(len(body)).encode("latin-1")))
        await self.send(
            {"type": "websocket.http.response.start", "status": status_code, "headers": raw_headers}
        )
        await self.send({"type": "websocket.http.response.body", "body": body})


class WebSocketClose:
    """An ASGI application that closes a WebSocket connection, or rejects it before acceptance.

    The code and reason are checked when the object is created, as `WebSocket.close`
    checks them, so a mistake fails where the route is defined.

    Args:
        code: The WebSocket close code: 1000-1003, 1007-1014, or 3000-4999.
        reason: The close reason to send to the client, at most 123 bytes of UTF-8.

    Attributes:
        code: The WebSocket close code.
        reason: The close reason, ``""`` when there is none.

    Raises:
        CloseCodeError: If the code may not be sent in a close frame.
        CloseReasonError: If the reason is not a `str` of at most 123 bytes of UTF-8.
    """

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        self.reason = _check_close(code, reason)
        self.code = code

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the ``websocket.close`` message.

        Args:
            scope: The ASGI scope of the connection.
            receive: The ASGI receive callable (unused).
            send: The ASGI send callable.
        """
        await send({"type": "websocket.close", "code": self.code, "reason": self.reason})
