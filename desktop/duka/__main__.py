"""`python -m duka` starts the same command line as the `duka` script."""

import sys

if getattr(sys, "frozen", False):
    # In a bundle the journal check's worker processes start from this executable too
    # (spawned, as the app does): they must run their task, not a second Duka.
    import multiprocessing

    multiprocessing.freeze_support()

from duka.cli import main

sys.exit(main())
