"""Run an ASGI application's lifespan protocol around a block of code, in process.

It needs ``anyio`` (install the ``testing`` extra) and runs on asyncio and trio.
`tether.testing.TestClient` uses it when entered with ``with``, and
`tether.testing.AsyncTestClient` when entered with ``async with``.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import anyio
from anyio.abc import TaskGroup

from tether.types import ASGIApp, Message

__all__ = ["LifespanFailedError", "LifespanManager"]


class LifespanFailedError(RuntimeError):
    """The application's lifespan startup or shutdown did not complete.

    Raised when the application answers ``lifespan.startup.failed`` or
    ``lifespan.shutdown.failed`` (chained from the exception it then raised, if any),
    returns without answering, or does not answer within the timeout.

    Args:
        phase: ``"startup"`` or ``"shutdown"``.
        message: What went wrong, such as the message of the ``failed`` event.

    Attributes:
        phase: ``"startup"`` or ``"shutdown"``.
        message: What went wrong.
    """

    def __init__(self, phase: str, message: str) -> None:
        self.phase = phase
        self.message = message
        super().__init__(f"lifespan {phase} failed: {message}")


class LifespanManager:
    """Start an application's lifespan on entering a block and shut it down on leaving.

    The lifespan ``state`` that the application fills during startup is returned on
    entering; servers copy it into every connection scope, and so do the test clients of
    `tether.testing`.

    Example:
        ```python
        async with LifespanManager(app) as state:
            ...  # the application has started; state holds what its lifespan yielded
        ```

    Args:
        app: The ASGI application.
        timeout: Seconds the application may take to answer startup and shutdown, or
            ``None`` to wait forever.
        raise_app_exceptions: ``True`` to raise the exception the application raised
            during startup or shutdown as it is, as Starlette's test client does (the test
            clients of `tether.testing` pass ``True``); ``False`` to raise
            `LifespanFailedError` chained from it.

    Attributes:
        state: The lifespan state, filled by the application during startup.
    """

    def __init__(
        self, app: ASGIApp, *, timeout: float | None = 5.0, raise_app_exceptions: bool = False
    ) -> None:
        self.app = app
        self.timeout = timeout
        self.raise_app_exceptions = raise_app_exceptions
        self.state: dict[str, Any] = {}
        self._error: Exception | None = None

    async def __aenter__(self) -> dict[str, Any]:
        self._to_app, self._app_inbox = anyio.create_memory_object_stream[Message](2)
        self._app_outbox, self._from_app = anyio.create_memory_object_stream[Message](2)
        self._task_group: TaskGroup = anyio.create_task_group()
        await self._task_group.__aenter__()
        self._task_group.start_soon(self._run_app)
        try:
            await self._exchange("startup")
        except BaseException:
            await self._stop()
            raise
        return self.state

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if exc is None:
                await self._exchange("shutdown")
        finally:
            await self._stop()

    async def _stop(self) -> None:
        """Cancel the application if it still runs, and close the streams."""
        self._task_group.cancel_scope.cancel()
        try:
            await self._task_group.__aexit__(None, None, None)
        finally:
            for stream in (self._to_app, self._app_inbox, self._app_outbox, self._from_app):
                stream.close()

    async def _run_app(self) -> None:
        scope = {
            "type": "lifespan",
            "asgi": {"version": "3.0", "spec_version": "2.0"},
            "state": self.state,
        }
        try:
            await self.app(scope, self._app_inbox.receive, self._app_outbox.send)
        except Exception as exc:
            self._error = exc
        finally:
            self._app_outbox.close()

    async def _exchange(self, phase: str) -> None:
        """Send ``lifespan.<phase>`` and check the application's answer."""
        await self._to_app.send({"type": f"lifespan.{phase}"})
        message: Message | None = None
        try:
            with anyio.fail_after(self.timeout):
                message = await self._from_app.receive()
        except TimeoutError:
            raise LifespanFailedError(phase, f"no answer within {self.timeout} s") from None
        except anyio.EndOfStream:
            pass  # the application returned or raised: handled below, outside this except
        if message is None:
            if self._error is not None and self.raise_app_exceptions:
                raise self._error
            if self._error is not None:
                raise LifespanFailedError(phase, f"the application raised {self._error!r}") from (
                    self._error
                )
            raise LifespanFailedError(phase, "the application returned without answering")
        message_type = message.get("type")
        if message_type == f"lifespan.{phase}.complete":
            return
        if message_type == f"lifespan.{phase}.failed":
            # Let the application finish raising, so that its exception can be chained.
            with anyio.move_on_after(self.timeout):
                async for _ in self._from_app:
                    pass
            if self._error is not None and self.raise_app_exceptions:
                raise self._error
            raise LifespanFailedError(phase, str(message.get("message", ""))) from self._error
        raise LifespanFailedError(phase, f"the application answered {message_type!r}")
