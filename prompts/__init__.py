"""Versioned prompt files, shipped as package data and read through importlib.resources."""

__all__: list[str] = []  # data only: load prompts with docnorm.llm.prompts.load_prompt
