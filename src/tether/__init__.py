"""tether: a complete WebSocket and HTTPConnection for ASGI applications.

The names below are the public API. Each is defined in the module its reference page
names (`tether.connection`, `tether.websockets`, `tether.datastructures`,
`tether.routing`, `tether.converters`); `tether.testing` is imported on its own
because it needs the optional `anyio` dependency.
"""

from tether.connection import (
    HTTPConnection,
    MiddlewareNotInstalledError,
    NoRouterError,
    UnsupportedScopeError,
    cookie_parser,
)
from tether.converters import ConversionError, Converter, register_converter
from tether.datastructures import (
    URL,
    Address,
    ConflictingArgumentsError,
    Headers,
    InvalidHeaderError,
    MutableHeaders,
    QueryParams,
    State,
    UnknownProtocolError,
    UnknownURLComponentError,
    URLPath,
)
from tether.routing import NoMatchFound, PathTemplateError, Route, Router, WebSocketRoute
from tether.websockets import (
    CloseCodeError,
    CloseReasonError,
    DenialNotSupportedError,
    FrameTypeError,
    JSONModeError,
    MalformedMessageError,
    NonFiniteJSONError,
    PayloadTypeError,
    SubprotocolError,
    UnexpectedMessageError,
    WebSocket,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketError,
    WebSocketState,
)

__all__ = [
    "URL",
    "Address",
    "CloseCodeError",
    "CloseReasonError",
    "ConflictingArgumentsError",
    "ConversionError",
    "Converter",
    "DenialNotSupportedError",
    "FrameTypeError",
    "HTTPConnection",
    "Headers",
    "InvalidHeaderError",
    "JSONModeError",
    "MalformedMessageError",
    "MiddlewareNotInstalledError",
    "MutableHeaders",
    "NoMatchFound",
    "NoRouterError",
    "NonFiniteJSONError",
    "PathTemplateError",
    "PayloadTypeError",
    "QueryParams",
    "Route",
    "Router",
    "State",
    "SubprotocolError",
    "URLPath",
    "UnexpectedMessageError",
    "UnknownProtocolError",
    "UnknownURLComponentError",
    "UnsupportedScopeError",
    "WebSocket",
    "WebSocketClose",
    "WebSocketDisconnect",
    "WebSocketDisconnected",
    "WebSocketError",
    "WebSocketRoute",
    "WebSocketState",
    "cookie_parser",
    "register_converter",
]
