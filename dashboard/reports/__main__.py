"""`python -m dashboard.reports ...`: the report command (see cli.py)."""

import sys

from dashboard.reports.cli import main

sys.exit(main())
