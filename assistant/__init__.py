"""broca: an offline personal assistant. The language model is only the language layer."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
