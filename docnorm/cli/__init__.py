"""The command line: the top layer. One module per command; `main` builds the parser lazily."""
