"""Compare tether's HTTPConnection with Starlette's on first access of its derived values.

Each measurement builds a fresh connection over the same realistic ``https`` scope
(10 headers, a query string, four cookies) and reads one value for the first time:
``headers["host"]``, ``url``, ``query_params``, ``cookies``, then all four together.
Tether and Starlette run in turns in one process, and the best of several repeats
is kept for each, so both see the same machine. The run fails (exit status 1) if
tether's time for all four is above ``TARGET`` times Starlette's.

Run it with ``python benchmarks/connection.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import sys
import timeit
from typing import Any

from starlette.requests import HTTPConnection as StarletteConnection

from tether.connection import HTTPConnection as TetherConnection

TARGET = 0.4

SCOPE: dict[str, Any] = {
    "type": "http",
    "asgi": {"version": "3.0", "spec_version": "2.4"},
    "http_version": "1.1",
    "method": "GET",
    "scheme": "https",
    "server": ("10.0.0.12", 443),
    "client": ("203.0.113.7", 51234),
    "root_path": "",
    "path": "/docs/search",
    "raw_path": b"/docs/search",
    "query_string": b"q=websocket+close+codes&page=2&sort=&lang=en",
    "headers": [
        (b"host", b"example.com"),
        (b"user-agent", b"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
        (b"accept", b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
        (b"accept-language", b"en-US,en;q=0.5"),
        (b"accept-encoding", b"gzip, deflate, br, zstd"),
        (b"referer", b"https://example.com/docs/"),
        (b"cookie", b'sessionid=8f2c1e9a7b; csrftoken=Qx81Lz; theme="dark"; _ga=GA1.2.3.4'),
        (b"upgrade-insecure-requests", b"1"),
        (b"sec-fetch-mode", b"navigate"),
        (b"cache-control", b"max-age=0"),
    ],
}

CASES = {
    'headers["host"]': 'Connection(scope).headers["host"]',
    "url": "Connection(scope).url",
    "query_params": "Connection(scope).query_params",
    "cookies": "Connection(scope).cookies",
    "all four": ('c = Connection(scope); c.headers["host"]; c.url; c.query_params; c.cookies'),
}


def check_same_results() -> None:
    """Fail loudly if the two implementations disagree on the benchmarked values."""
    ours, theirs = TetherConnection(dict(SCOPE)), StarletteConnection(dict(SCOPE))
    assert ours.headers["host"] == theirs.headers["host"]
    assert str(ours.url) == str(theirs.url)
    assert ours.query_params.multi_items() == theirs.query_params.multi_items()
    assert ours.cookies == theirs.cookies


def best_time(statement: str, connection: type, number: int) -> float:
    """Run one measurement and return the seconds per iteration."""
    timer = timeit.Timer(statement, globals={"Connection": connection, "scope": SCOPE})
    return timer.timeit(number) / number


def measure(statement: str, number: int, repeat: int) -> tuple[float, float]:
    """Return the best seconds per iteration for tether and for Starlette, measured in turns."""
    ours = theirs = float("inf")
    for _ in range(repeat):
        ours = min(ours, best_time(statement, TetherConnection, number))
        theirs = min(theirs, best_time(statement, StarletteConnection, number))
    return ours, theirs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer iterations, for a smoke test")
    args = parser.parse_args()
    number, repeat = (2_000, 3) if args.quick else (20_000, 15)

    check_same_results()
    print(f"{'first access of':<18}{'tether':>12}{'starlette':>12}{'ratio':>9}")
    ratio = 0.0
    for name, statement in CASES.items():
        ours, theirs = measure(statement, number, repeat)
        ratio = ours / theirs
        print(f"{name:<18}{ours * 1e9:>9.0f} ns{theirs * 1e9:>9.0f} ns{ratio:>9.3f}")
    # The loop ends with "all four", the case the target applies to.
    if ratio > TARGET:
        print(f"FAIL: all four takes {ratio:.3f}x Starlette's time; the target is {TARGET}x")
        return 1
    print(f"OK: all four takes {ratio:.3f}x Starlette's time (target: at most {TARGET}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
