"""`broca serve`: the guarded turn loop, moderation, embeddings and the shield over OpenAI's HTTP API.

from assistant.serve import Engine, KeyStore, create_app
app = create_app(Engine(config), KeyStore(keys_path(config.data_dir)))   # any ASGI server runs it
"""

from __future__ import annotations

from .app import MODERATION_MODELS, create_app
from .engine import ChatTurn, Engine, EngineBusy, Worker
from .keys import ApiKey, KeyFileError, KeyStore, keys_path
from .protocol import CHAT_MODELS, MODERATION_CATEGORIES, ApiError
from .server import GuardedH11Protocol, guarded_protocol, uvicorn_config

__all__ = [
    "CHAT_MODELS",
    "MODERATION_CATEGORIES",
    "MODERATION_MODELS",
    "ApiError",
    "ApiKey",
    "ChatTurn",
    "Engine",
    "EngineBusy",
    "GuardedH11Protocol",
    "KeyFileError",
    "KeyStore",
    "Worker",
    "create_app",
    "guarded_protocol",
    "keys_path",
    "uvicorn_config",
]
