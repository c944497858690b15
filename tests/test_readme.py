"""The README stays true: every setting is documented."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel
from pydantic_settings import BaseSettings

from ai_server.config import Settings
from stt_worker.config import WorkerSettings
from stt_worker.local_runner import RunnerSettings
from tests.conftest import ROOT


def env_names(model: type[BaseModel], prefix: str) -> Iterator[str]:
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from env_names(annotation, f"{prefix}{name.upper()}__")
        else:
            yield f"{prefix}{name.upper()}"


def undocumented(settings: type[BaseSettings]) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    prefix = str(settings.model_config.get("env_prefix", ""))
    return [name for name in env_names(settings, prefix) if f"`{name}`" not in readme]


def test_every_setting_is_in_the_readme() -> None:
    for settings in (WorkerSettings, Settings, RunnerSettings):
        assert undocumented(settings) == [], settings.__name__


def test_readme_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme
