"""The simulated fleet's defaults, importable without the simulator (the CLI's help shows them)."""

DEFAULT_COMMUNITY = "kunang-sim"
DEFAULT_BASE_PORT = 17161
