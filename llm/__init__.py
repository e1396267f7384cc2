"""The shared model client: the one seam to an OpenAI-compatible endpoint.

`ModelClient` owns transport (instructor over openai, tenacity), the answer cache, the usage ledger,
the rate limit and prompt loading; the extraction engine and the theme namer both take one.
`LLMSettings` is the one options object from the command line to the engine."""
