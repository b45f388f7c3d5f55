"""Errors a user can cause and fix: the CLI prints them as one line, never a traceback."""

from __future__ import annotations

__all__ = ["BrocaError", "ConfigError", "ModelError", "PromptError", "UnusableModelError", "UsageError"]


class BrocaError(Exception):
    """A problem the user can act on. `exit_code` is what the CLI exits with."""

    exit_code = 1


class ConfigError(BrocaError):
    """The configuration file or an environment override is invalid."""

    exit_code = 78  # EX_CONFIG


class ModelError(BrocaError):
    """A model or adapter file is missing, unreadable or not what it claims to be."""

    exit_code = 66  # EX_NOINPUT


class UnusableModelError(ModelError):
    """A model or adapter file that is there but unusable (not GGUF, truncated, no chat template):
    bad data, as an input file that is malformed in every other command."""

    exit_code = 65  # EX_DATAERR


class PromptError(BrocaError):
    """The prompt cannot be used as given (empty, or larger than the context window)."""

    exit_code = 65  # EX_DATAERR


class UsageError(BrocaError):
    """The command was called wrongly (options that a check beyond click's own finds missing):
    click's exit code for usage mistakes, on one line."""

    exit_code = 2
