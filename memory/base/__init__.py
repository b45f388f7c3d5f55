"""broca's base layer: what every package needs and none of them owns.

Imports run one way: base < memory < guardrails < finetune < assistant. The top-level packages are
fixed and `memory` is the lowest of them, so the base layer lives inside it, as `memory.base`, and
imports nothing else of broca (not even `memory`): any package may import it without an import
running upward. `tests/test_imports.py` holds the order.

- `errors`: every error a user can act on, one hierarchy, exit codes by category
- `atomic`: atomic file writes (temp file beside the target, fsync, rename)
- `inputs`: bounded reads of files, pipes and standard input; the .npz damage exceptions
- `jsonl`: the one JSONL reader, and the one byte-order-mark rule
- `text`: text made safe to store and tokenize; the kinds of incoming content
- `gguf`: the embedded chat model's path, and the check of a GGUF file
- `config`: loading the configuration file and `BROCA_*` overrides (the sections are their packages')
- `clikit`: what every `broca` command group shares (one-line errors, JSON output, Ctrl-C)

Import the modules themselves (`from memory.base.errors import InputError`); this file re-exports
nothing, so that importing one of them stays as light as that module.
"""

__all__: list[str] = []
