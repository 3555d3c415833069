"""Settings: environment variables ``CALLPILOT_*`` (nested with ``__``) and ``callpilot.toml``.

One nested model per capability. Precedence, highest first: arguments passed in code,
environment variables, the TOML file, defaults. Build the settings once (in the CLI or
``create_app``) and pass them down; nothing reads them at import time.

    CALLPILOT_ENV=prod
    CALLPILOT_DATABASE__URL=postgresql+asyncpg://callpilot@db/callpilot
    CALLPILOT_SECURITY__SECRET_KEY=...
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from callpilot.errors import ConfigError

__all__ = [
    "DEFAULT_SECRET",
    "BusSettings",
    "CopilotSettings",
    "DatabaseSettings",
    "SecuritySettings",
    "ServerSettings",
    "Settings",
    "SpeechSettings",
    "TelephonySettings",
    "load_settings",
]

DEFAULT_SECRET = "changethis"
CONFIG_FILE_ENV = "CALLPILOT_CONFIG"  # path of the TOML file; default ./callpilot.toml


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)


class DatabaseSettings(BaseModel):
    url: str | None = None
    """SQLAlchemy async URL. Default: a SQLite file in ``data_dir``."""
    data_dir: Path = Path("callpilot-data")
    auto_migrate: bool = True
    """Apply migrations when the server starts (``callpilot db upgrade`` does it by hand)."""
    echo: bool = False

    def resolved_url(self) -> str:
        if self.url:
            return self.url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'callpilot.db').resolve()}"


class BusSettings(BaseModel):
    backend: Literal["memory"] = "memory"
    """``memory``: one process. (Redis comes with multi-worker deployments.)"""
    queue_size: int = Field(1000, ge=10)
    """Events buffered per live reader before the oldest are dropped."""


class TelephonySettings(BaseModel):
    transport: Literal["sim"] = "sim"
    silence_tick_s: float = Field(0.5, gt=0)
    """While nobody speaks, a ``silence`` event is logged this often."""


class SpeechSettings(BaseModel):
    stt_model: str = "tiny.en"
    """``tiny.en``, ``base``, or a path to a faster-whisper model directory."""
    tts: Literal["piper", "espeak"] = "piper"
    cpu_threads: int = Field(2, ge=1)
    preload: bool = True
    """Load the speech models when the server starts (in the background) instead of on first use."""


class CopilotSettings(BaseModel):
    knowledge: Path | None = None
    """Knowledge base file or folder (``knowledge/`` format)."""
    config_file: Path | None = None
    """Co-pilot policy file (YAML or TOML): sensitivity per trigger, cooldowns, caps."""
    sensitivity: Literal["conservative", "balanced", "proactive"] | None = None
    """Overrides the policy file's level for every trigger (default: the file's, or balanced)."""
    mode: Literal["silent", "voice"] | None = None
    """silent: cards on the rep's screen; voice: spoken into the call (default: silent)."""
    encoder: Literal["full", "static", "aligned"] = "full"
    """Sentence encoder: full (MiniLM, most accurate, 65-135 calls per core) or static/aligned
    (distilled token vectors, 5-10x the calls per core, noticeably less accurate)."""


class SecuritySettings(BaseModel):
    secret_key: str = DEFAULT_SECRET
    api_token: str | None = None
    """When set, the API asks for ``Authorization: Bearer <token>``."""


class Settings(BaseSettings):
    """Everything callpilot can be told. See the README's Configuration section."""

    model_config = SettingsConfigDict(
        env_prefix="CALLPILOT_",
        env_nested_delimiter="__",
        extra="forbid",
        toml_file="callpilot.toml",
    )

    env: Literal["dev", "staging", "prod"] = "dev"
    """``dev`` allows default secrets (one-line setup); every other environment refuses them."""
    server: ServerSettings = ServerSettings()
    database: DatabaseSettings = DatabaseSettings()
    bus: BusSettings = BusSettings()
    telephony: TelephonySettings = TelephonySettings()
    speech: SpeechSettings = SpeechSettings()
    copilot: CopilotSettings = CopilotSettings()
    security: SecuritySettings = SecuritySettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = os.environ.get(CONFIG_FILE_ENV, "callpilot.toml")
        toml = TomlConfigSettingsSource(settings_cls, toml_file=toml_path)
        return (init_settings, env_settings, toml)

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        # A default secret outside dev is a security hole; in dev it keeps setup to one line.
        if self.env != "dev" and self.security.secret_key == DEFAULT_SECRET:
            raise ValueError(
                "security.secret_key is the default 'changethis'; "
                "set CALLPILOT_SECURITY__SECRET_KEY"
            )
        return self


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning validation errors into a ``ConfigError`` an operator can read."""
    from pydantic import ValidationError as PydanticValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except PydanticValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from exc
