"""`python -m loadtest`: the same as the `stt-loadtest` command."""

from loadtest.cli import main

raise SystemExit(main())
