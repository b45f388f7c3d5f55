"""Every error broca raises for a user to act on, in one place: the CLI prints it as one line
(`error: ...`), never a traceback, and exits with the code of its category.

The exit code is decided by the category a class derives from, never set per class; the codes are
those of sysexits.h, so scripts can tell a missing file from a malformed one. A class that belongs
to two categories lists the one whose exit code it takes first (`BusyError(TempFailError,
MemoryStoreError)` exits 75 and is still a `MemoryStoreError`).

    BrocaError                  1  a problem the user can act on
    ├── UsageError              2  the command was called wrongly
    │   └── NotATerminalError        `broca chat` without a terminal
    ├── InputError             65  EX_DATAERR: an input that is there but unusable
    │   ├── InputTooLargeError       over the limit its command sets
    │   ├── PromptError              empty, or larger than the context window
    │   ├── DocumentError            a document with no text to read
    │   ├── UnreadableMessage        a shield input that is no message
    │   ├── KeyFileError             the serve API key file, or a key name
    │   ├── MemoryQAError            a memory-QA evaluation file
    │   ├── EvalDataError            evaluation data or a prompt set that is malformed
    │   │   └── MissingEvalDataError   ... or not there (66)
    │   ├── PolicyError              a policy pack
    │   ├── DataError                fine-tuning data
    │   ├── PackError                a community pack
    │   │   └── PackNotFoundError      a pack source or file that is not there (66)
    │   ├── MemoryStoreError         the memory file or a request to it
    │   │   ├── ReadOnlyError          the memory file cannot be written
    │   │   └── BusyError              another process holds its lock (75)
    │   ├── UnusableModelError       a model file that is there but unusable (also a ModelError)
    │   └── DamagedHeadError         a head file that is there but damaged (also a HeadError)
    ├── NoInputError           66  EX_NOINPUT: an input that is missing or cannot be read
    │   ├── StdinClosedError         `-` with standard input closed
    │   ├── SourceError              a shield path that is missing or not what its option says
    │   ├── DatasetError             a shield dataset
    │   ├── ArtifactError            a shield model artifact
    │   ├── HeadError                a trained guardrail head file
    │   └── ModelError               a model or adapter file
    │       └── ExportError            an adapter that cannot be exported to GGUF
    ├── SoftwareError          70  EX_SOFTWARE: a part that should always work did not
    │   └── GuardrailsUnavailable    the guardrails failed to load
    ├── OutputError            74  EX_IOERR: what broca writes cannot be written
    │   └── ShieldStoreError         the shield's token store
    ├── TempFailError          75  EX_TEMPFAIL: try again later
    ├── ConfigError            78  EX_CONFIG: the configuration file or a BROCA_* override
    ├── Interrupted           130  Ctrl-C, after the work was saved
    │   └── TrainInterrupted         fine-tuning stopped after a checkpoint
    ├── ChatError                  a chat command cannot do what was asked
    ├── EngineBusy                 more requests wait than the server queues
    ├── PluginError                an objective plugin failed to load
    ├── ObjectiveError             an objective failed to score (also a ValueError)
    └── TrainError                 fine-tuning cannot start or continue

    KeyError
    └── UnknownObjectiveError      no objective has this name: `guardrails check --only` reports it
                                   as a usage mistake (2); not a BrocaError, so that an objective's
                                   own code raising it is still blamed on that objective

    Exception                      not a user's error, never printed by the CLI's handler
    ├── ApiError                   `broca serve`'s error answer (an HTTP status, OpenAI's shape)
    └── GenerationCancelled        Esc in the chat: unwinds the reply being generated

The packages import these from here and re-export the ones that are part of their API
(`memory.MemoryStoreError`, `guardrails.PolicyError`, `finetune.DataError`...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ApiError",
    "ArtifactError",
    "BrocaError",
    "BusyError",
    "ChatError",
    "ConfigError",
    "DamagedHeadError",
    "DataError",
    "DatasetError",
    "DocumentError",
    "EngineBusy",
    "EvalDataError",
    "ExportError",
    "GenerationCancelled",
    "GuardrailsUnavailable",
    "HeadError",
    "InputError",
    "InputTooLargeError",
    "Interrupted",
    "KeyFileError",
    "MemoryQAError",
    "MemoryStoreError",
    "MissingEvalDataError",
    "ModelError",
    "NoInputError",
    "NotATerminalError",
    "ObjectiveError",
    "OutputError",
    "PackError",
    "PackNotFoundError",
    "PluginError",
    "PolicyError",
    "PromptError",
    "ReadOnlyError",
    "ShieldStoreError",
    "SoftwareError",
    "SourceError",
    "StdinClosedError",
    "TempFailError",
    "TrainError",
    "TrainInterrupted",
    "UnknownObjectiveError",
    "UnreadableMessage",
    "UnusableModelError",
    "UsageError",
]


class BrocaError(Exception):
    """A problem the user can act on. `exit_code` is what the CLI exits with."""

    exit_code = 1


# ----------------------------------------------------------------------------------- the categories


class UsageError(BrocaError):
    """The command was called wrongly (options that a check beyond click's own finds missing):
    click's exit code for usage mistakes, on one line."""

    exit_code = 2


class InputError(BrocaError):
    """An input that is there but cannot be used: malformed, empty, too large, inconsistent."""

    exit_code = 65  # EX_DATAERR


class NoInputError(BrocaError):
    """An input that cannot be opened or read: missing, a folder, no permission."""

    exit_code = 66  # EX_NOINPUT


class SoftwareError(BrocaError):
    """A part that ships with broca and should always work did not."""

    exit_code = 70  # EX_SOFTWARE


class OutputError(BrocaError):
    """What broca writes (a store, a file) cannot be written."""

    exit_code = 74  # EX_IOERR


class TempFailError(BrocaError):
    """Nothing is wrong with the input: the same command later will work."""

    exit_code = 75  # EX_TEMPFAIL


class ConfigError(BrocaError):
    """The configuration file or an environment override is invalid."""

    exit_code = 78  # EX_CONFIG


class Interrupted(BrocaError):
    """Ctrl-C, handled: the work done so far was saved."""

    exit_code = 130  # 128 + SIGINT, as a shell reports it


# ------------------------------------------------------------------------------------------ usage


class NotATerminalError(UsageError):
    """`broca chat` needs a terminal on standard input and output."""


# ----------------------------------------------------------------------------------------- inputs


class InputTooLargeError(InputError):
    """An input over the limit its command sets."""


class StdinClosedError(NoInputError):
    """A command told to read standard input was started with it closed (<&-): Python's sys.stdin
    is None then."""

    def __init__(self, message: str = "-: standard input is closed") -> None:
        super().__init__(message)


class PromptError(InputError):
    """The prompt cannot be used as given (empty, or larger than the context window)."""


class DocumentError(InputError):
    """A document has nothing to read (binary, empty or with no text); one that cannot be opened is
    `NoInputError`."""


class KeyFileError(InputError):
    """The key file is unreadable, or a key name is not usable."""


class MemoryQAError(InputError):
    """A memory-QA file that is there but unusable."""


class EvalDataError(InputError):
    """Evaluation data (a guardrail dataset, a prompt set) that is there but unusable: a column
    missing, not UTF-8, no prompts."""


class MissingEvalDataError(NoInputError, EvalDataError):
    """The evaluation data folder or one of its files is not there (not malformed)."""


# ------------------------------------------------------------------------------------------ models


class ModelError(NoInputError):
    """A model or adapter file is missing, unreadable or not what it claims to be."""


class UnusableModelError(InputError, ModelError):
    """A model or adapter file that is there but unusable (not GGUF, truncated, no chat template):
    bad data, as an input file that is malformed in every other command."""


class ExportError(ModelError):
    """The adapter directory cannot be turned into a llama.cpp adapter."""


# ---------------------------------------------------------------------------------------- memory


class MemoryStoreError(InputError):
    """The memory file or a request to it is unusable (corrupt file, wrong model, bad record...)."""


class ReadOnlyError(MemoryStoreError):
    """The memory file cannot be written (a read-only file, folder or filesystem)."""


class BusyError(TempFailError, MemoryStoreError):
    """Another process holds the memory file's lock past the busy timeout (a long import, a SQLite
    shell in a transaction): nothing is wrong with the file, and the same command later will work."""


# ------------------------------------------------------------------------------------ guardrails


class PolicyError(InputError):
    """A policy pack is missing or invalid; the message names the file, line and key."""


class HeadError(NoInputError):
    """A trained head file is missing or cannot be read."""


class DamagedHeadError(InputError, HeadError):
    """A trained head file that is there but unusable (truncated, damaged, wrong-shaped): bad data,
    as a malformed input file is in every command."""


class PluginError(BrocaError):
    """A plugin registered under `broca.objectives` failed to load or is not an objective."""


class ObjectiveError(BrocaError, ValueError):
    """An objective (a plugin's, most likely) failed to score a batch: it raised, or it returned
    something that is not one probability per text. Named, so that the owner knows which to remove."""


class UnknownObjectiveError(KeyError):
    """No objective has this name (the CLI reports it as one `error:` line)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown objective"


# -------------------------------------------------------------------------------------- finetune


class DataError(InputError):
    """Training or evaluation data that cannot be used as given."""


class PackError(InputError):
    """A pack source, a pack file or an installed pack that cannot be used."""


class PackNotFoundError(NoInputError, PackError):
    """A pack source folder or pack file that is not there."""


class TrainError(BrocaError):
    """Training cannot start or continue (bad settings, a checkpoint that does not fit)."""


class TrainInterrupted(Interrupted):
    """Ctrl-C: the run stopped after saving a checkpoint."""


# ---------------------------------------------------------------------------------------- shield


class SourceError(NoInputError):
    """A path given on the command line is missing or not what its option says."""


class DatasetError(NoInputError):
    """A shield dataset that is not there or cannot be read."""


class ArtifactError(NoInputError):
    """A shield model artifact (model.npz, model.json) that is missing or cannot be read."""


class UnreadableMessage(InputError):
    """One input item could not be read as a message (empty, binary, unreadable file)."""


class ShieldStoreError(OutputError):
    """The shield's token store cannot be opened or written."""


# ------------------------------------------------------------------------------ chat and serving


class ChatError(BrocaError):
    """A chat command cannot do what was asked (no memory store, unknown conversation...)."""


class GuardrailsUnavailable(SoftwareError):
    """The guardrails failed to load: the chat does not start without them."""


class EngineBusy(BrocaError):
    """More requests wait than the server queues."""


# ------------------------------------------------------------------------- not errors of the user


class ApiError(Exception):
    """An error the client caused (or a server state it should know), in OpenAI's error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}


class GenerationCancelled(Exception):
    """Raised from the token callback to stop llama.cpp mid-reply (Esc)."""
