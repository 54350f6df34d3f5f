"""`python -m component.cli`: the same as the `oda-cms` command."""

import sys

from component.cli.main import main

sys.exit(main())
