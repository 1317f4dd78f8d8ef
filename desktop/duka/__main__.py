"""`python -m duka` starts the same command line as the `duka` script."""

import sys

from duka.cli import main

sys.exit(main())
