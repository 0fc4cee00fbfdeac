"""Train the Rasa model from data/faq/ and nlu/, only when the training inputs changed."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
from pathlib import Path

from staj.faq.loader import load_knowledge_base
from staj.faq.rasa_export import write_rasa_files
from staj.paths import MODELS_DIR, NLU_DIR, RASA_VENV, REPO_ROOT, var_dir

log = logging.getLogger(__name__)

KEEP_MODELS = 3
# Everything that changes what the trained model does: in the Rasa project...
_PROJECT_GLOBS = (
    "config.yml",
    "domain/**/*.yml",
    "data/**/*.yml",
    "components/*.py",
)
# ...and in the repository around it.
_REPOSITORY_GLOBS = (
    "staj/text/__init__.py",
    "staj/text/turkish.py",
    "requirements/rasa.lock",
)


class TrainingFailed(RuntimeError):
    pass


def rasa_env() -> dict[str, str]:
    """Environment for Rasa processes: our component importable, TensorFlow quiet."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("PYTHONWARNINGS", "ignore")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    return env


def rasa_executable() -> Path:
    path = RASA_VENV / "bin" / "rasa"
    if not path.exists():
        raise TrainingFailed(f"{path} yok: önce 'make setup' (veya scripts/bootstrap) çalıştırın.")
    return path


def prepare_training_data(faq_dir: Path) -> None:
    """Regenerate nlu/*/generated/ from the knowledge base (validated first)."""
    write_rasa_files(load_knowledge_base(faq_dir))


def fingerprint(project: Path = NLU_DIR) -> str:
    """Names the inputs of a training: the same for a scratch copy of nlu/ with the same
    content (the retraining gate's) as for nlu/ itself."""
    digest = hashlib.sha256()
    for root, globs, prefix in (
        (project, _PROJECT_GLOBS, "nlu"),
        (REPO_ROOT, _REPOSITORY_GLOBS, ""),
    ):
        files = sorted({p for pattern in globs for p in root.glob(pattern) if p.is_file()})
        for path in files:
            digest.update(str(Path(prefix) / path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(fp: str) -> Path:
    return MODELS_DIR / f"staj-{fp}.tar.gz"


def resolve_model(name: str) -> Path:
    """A model as Rasa names it (`GET /status` gives the file name only) as a full path."""
    path = Path(name)
    return path if path.is_absolute() else MODELS_DIR / path.name


def current_model(faq_dir: Path) -> Path | None:
    """The trained model for the current inputs, if there is one."""
    prepare_training_data(faq_dir)
    path = model_path(fingerprint())
    return path if path.exists() else None


def _prune_old_models(keep: Path) -> None:
    models = sorted(MODELS_DIR.glob("staj-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [m for m in models if m != keep][KEEP_MODELS - 1 :]:
        old.unlink(missing_ok=True)


def ensure_model(faq_dir: Path, force: bool = False) -> Path:
    """Return the model for the current training inputs, training it first if needed."""
    prepare_training_data(faq_dir)
    fp = fingerprint()
    target = model_path(fp)
    if target.exists() and not force:
        log.info("Model güncel, eğitim gerekmiyor: %s", target.name)
        return target
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    log_path = var_dir() / "logs" / "train.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(rasa_executable()), "train",
        "--data", "data", "--domain", "domain", "--config", "config.yml",
        "--out", str(MODELS_DIR), "--fixed-model-name", target.name.removesuffix(".tar.gz"),
        "--force",
    ]  # fmt: skip
    log.info("Rasa modeli eğitiliyor (birkaç dakika sürebilir; ayrıntılar: %s)...", log_path)
    with log_path.open("w", encoding="utf-8") as log_file:
        result = subprocess.run(
            cmd, cwd=NLU_DIR, env=rasa_env(), stdout=log_file, stderr=subprocess.STDOUT, check=False
        )
    if result.returncode != 0 or not target.exists():
        tail = "".join(
            log_path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)[-30:]
        )
        raise TrainingFailed(
            f"Rasa eğitimi başarısız oldu (çıkış kodu {result.returncode}).\n{tail}"
        )
    _prune_old_models(target)
    log.info("Model eğitildi: %s", target.name)
    return target
