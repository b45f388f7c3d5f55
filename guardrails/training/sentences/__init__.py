"""Hand-written training text (JSON), read by `guardrails/training/_sentences.py`; see README.md."""
