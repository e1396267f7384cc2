"""`python -m extractor` (from a checkout) and `python -m docnorm.extractor`: the `docnorm` command.

The one module of a library layer that imports the CLI: an entry point, never imported."""

from docnorm.cli.main import main

raise SystemExit(main())
