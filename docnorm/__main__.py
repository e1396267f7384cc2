"""`python -m docnorm`: the same as the `docnorm` command."""

from docnorm.cli.main import main

raise SystemExit(main())
