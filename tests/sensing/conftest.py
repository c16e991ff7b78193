"""The analytics tests' populated database (real PollStore writes) serves the footfall tests too."""

from tests.analytics.conftest import world  # noqa: F401  (a fixture)
