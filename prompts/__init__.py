"""Versioned prompt files, shipped as package data and read through importlib.resources."""
