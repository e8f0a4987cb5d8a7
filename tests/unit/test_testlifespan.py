"""tether.testlifespan.LifespanManager: the exact scope, messages and errors of a lifespan."""

from __future__ import annotations

import anyio
import pytest

from tether.testlifespan import LifespanFailedError, LifespanManager
from tether.types import Message, Receive, Scope, Send

pytestmark = pytest.mark.anyio


async def test_the_app_gets_a_lifespan_scope_and_both_events() -> None:
    seen: list[Scope | Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(dict(scope))
        seen.append(await receive())
        scope["state"]["ready"] = True
        await send({"type": "lifespan.startup.complete"})
        seen.append(await receive())
        await send({"type": "lifespan.shutdown.complete"})

    manager = LifespanManager(app)
    assert manager.timeout == 5.0
    async with manager as state:
        assert state == {"ready": True}
        assert state is manager.state
    assert seen == [
        {
            "type": "lifespan",
            "asgi": {"version": "3.0", "spec_version": "2.0"},
            "state": {"ready": True},
        },
        {"type": "lifespan.startup"},
        {"type": "lifespan.shutdown"},
    ]


def answering(*answers: Message, then_raise: Exception | None = None) -> object:
    """A lifespan app that answers each event in turn, then raises or waits forever."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        for answer in answers:
            await receive()
            await send(answer)
        if then_raise is not None:
            raise then_raise
        await anyio.sleep_forever()

    return app


@pytest.mark.parametrize(
    ("app", "phase", "message"),
    [
        (
            answering({"type": "lifespan.startup.failed", "message": "no database"}),
            "startup",
            "no database",
        ),
        (answering({"type": "lifespan.startup.failed"}), "startup", ""),
        (
            answering({"type": "lifespan.shutdown.complete"}),
            "startup",
            "the application answered 'lifespan.shutdown.complete'",
        ),
        (
            answering(then_raise=OSError("port in use")),
            "startup",
            "the application raised OSError('port in use')",
        ),
        (
            answering(
                {"type": "lifespan.startup.complete"},
                {"type": "lifespan.startup.complete"},
            ),
            "shutdown",
            "the application answered 'lifespan.startup.complete'",
        ),
        (
            answering({"type": "lifespan.startup.complete"}, then_raise=KeyError("x")),
            "shutdown",
            "the application raised KeyError('x')",
        ),
    ],
)
async def test_a_failed_phase_is_named_with_what_the_application_did(
    app: object, phase: str, message: str
) -> None:
    with anyio.fail_after(5), pytest.raises(LifespanFailedError) as info:
        async with LifespanManager(app, timeout=0.5):  # type: ignore[arg-type]
            pass
    assert (info.value.phase, info.value.message) == (phase, message)
    assert str(info.value) == f"lifespan {phase} failed: {message}"


async def test_returning_without_answering_names_the_phase() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()

    with pytest.raises(LifespanFailedError) as info:
        async with LifespanManager(app):
            pass
    assert str(info.value) == (
        "lifespan shutdown failed: the application returned without answering"
    )
    assert info.value.phase == "shutdown"


async def test_a_failure_report_does_not_wait_forever_for_the_app_to_end() -> None:
    app = answering({"type": "lifespan.startup.failed", "message": "stuck"})  # then waits
    with anyio.fail_after(5), pytest.raises(LifespanFailedError) as info:
        async with LifespanManager(app, timeout=0.05):  # type: ignore[arg-type]
            pass
    assert str(info.value) == "lifespan startup failed: stuck"
    assert info.value.__cause__ is None


async def test_a_timeout_names_the_phase_and_the_seconds() -> None:
    app = answering({"type": "lifespan.startup.complete"})  # never answers the shutdown
    with anyio.fail_after(5), pytest.raises(LifespanFailedError) as info:
        async with LifespanManager(app, timeout=0.05):  # type: ignore[arg-type]
            pass
    assert str(info.value) == "lifespan shutdown failed: no answer within 0.05 s"
    assert info.value.phase == "shutdown"
