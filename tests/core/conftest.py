import pytest

from .robot_endpoint import RobotEndpoint


@pytest.fixture
def endpoint(settings):
    """A recording robot endpoint on 127.0.0.1, the only host robots may reach here;
    links in messages start with the site's address."""
    settings.LOGISTICS = {
        **settings.LOGISTICS,
        "ROBOT_HOSTS": ("127.0.0.1",),
        "SITE_URL": "https://hq.school.cn",
        "SEND_TIMEOUT": 5,
    }
    server = RobotEndpoint().start()
    yield server
    server.stop()
