from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
    yield {"greeting": "hello"}  # the lifespan state, in every request's scope


async def login(request: Request) -> Response:
    response = RedirectResponse("/me")
    response.set_cookie("user", "ada")
    return response


async def me(request: Request) -> Response:
    return JSONResponse({"user": request.cookies.get("user"), "says": request.state.greeting})


app = Starlette(routes=[Route("/login", login), Route("/me", me)], lifespan=lifespan)
