import pytest

from tests.district.hub import Hub


@pytest.fixture
def hub():
    """A fresh nats-server with JetStream on a free port (stopped and removed after the test)."""
    h = Hub().start()
    try:
        yield h
    finally:
        h.close()
