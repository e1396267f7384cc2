"""Evaluation: golden files, their fidelity check, scorers and benchmark runs."""
