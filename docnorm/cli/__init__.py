"""The command line: the top layer. One module per command; `main` builds the parser lazily."""

__all__: list[str] = []  # run `docnorm` (docnorm.cli.main:main); nothing here is a library API
