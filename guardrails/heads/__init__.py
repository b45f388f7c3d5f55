"""Trained guardrail heads (.npz), written by `broca guardrails train`."""
