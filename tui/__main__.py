"""`python -m tui` runs the `papertray` command."""

import sys

from tui.cli import main

sys.exit(main())
