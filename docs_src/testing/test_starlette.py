from tether.testing import TestClient  # was: from starlette.testclient import TestClient

from starlette_app import app


def test_login_keeps_the_cookie() -> None:
    with TestClient(app) as client:  # runs the lifespan around the block
        response = client.get("/login")  # follows the redirect to /me
        assert response.json() == {"user": "ada", "says": "hello"}
        assert client.cookies["user"] == "ada"
