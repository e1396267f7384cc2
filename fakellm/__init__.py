"""A local OpenAI-compatible stand-in model (`docnorm fake-llm`) for tests and benchmarks."""
