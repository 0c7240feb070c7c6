from django.apps import AppConfig


class TestappConfig(AppConfig):
    """A tiny workflow document used to test the core's state machine and timeline."""

    name = "tests.testapp"
    label = "testapp"
