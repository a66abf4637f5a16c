"""`python -m game` is the same as the `politburo` command."""

import sys

from game.cli import main

sys.exit(main())
