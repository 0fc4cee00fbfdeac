"""Retraining after admins changed phrasings or entries, behind an accuracy gate.

A candidate model is trained from the knowledge base as it is now, in a scratch copy of the
Rasa project (the serving model and nlu/ are untouched meanwhile). It replaces the serving
model only if its held-out accuracy is not more than one point below the serving model's;
otherwise the old model keeps serving and the admin is told why.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from staj.faq.loader import load_knowledge_base
from staj.faq.rasa_export import write_rasa_files
from staj.model.evaluation import heldout_accuracy, leaked_heldout
from staj.model.training import (
    TrainingFailed,
    fingerprint,
    model_path,
    rasa_env,
    rasa_executable,
)
from staj.paths import NLU_DIR, var_dir
from staj.text.numbers import decimal

# Two points of held-out accuracy (about 6 of 329 questions): a fine-tuning that adds one
# harmless phrasing moved the three-vote decision by 1,8 points, so one point refused edits
# that did no harm; an edit that blurs entries costs far more.
MAX_DROP = 0.02
# Share of the configured epochs a fine-tuning runs (Rasa's --epoch-fraction), unless the
# installation sets another (RETRAIN_EPOCH_FRACTION).
FINETUNE_EPOCH_FRACTION = 0.3
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GateResult:
    accepted: bool
    old_accuracy: float | None
    new_accuracy: float | None
    model: Path | None  # the accepted model, in nlu/models/
    reason: str  # why it was refused ("" when accepted)
    seconds: float
    finetuned: bool = False  # the candidate fine-tuned the serving model (phrasings only)


def _scratch_project(workdir: Path, faq_dir: Path) -> Path:
    """A copy of nlu/ (without models and generated files) with training data from data/faq/."""
    project = workdir / "nlu"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(
        NLU_DIR,
        project,
        # Not the training cache (.rasa, often a gigabyte): a fine-tuning does not use it.
        ignore=shutil.ignore_patterns("models", "generated", "__pycache__", ".rasa", "results"),
    )
    write_rasa_files(load_knowledge_base(faq_dir), project)
    return project


def _rasa_train(project: Path, workdir: Path, extra: list[str]) -> bool:
    log_path = workdir / "train.log"
    cmd = [
        str(rasa_executable()), "train", "--data", "data", "--domain", "domain",
        "--config", "config.yml", "--out", str(workdir), "--fixed-model-name", "candidate",
        # The data comes from the validated knowledge base into a copy of nlu/ as deployed.
        "--force", "--skip-validation", *extra,
    ]  # fmt: skip
    (workdir / "candidate.tar.gz").unlink(missing_ok=True)
    with log_path.open("w", encoding="utf-8") as log_file:
        result = subprocess.run(
            cmd, cwd=project, env=rasa_env(), stdout=log_file, stderr=subprocess.STDOUT, check=False
        )
    return result.returncode == 0 and (workdir / "candidate.tar.gz").exists()


def train_candidate(
    workdir: Path,
    faq_dir: Path,
    base: Path | None = None,
    epoch_fraction: float = FINETUNE_EPOCH_FRACTION,
) -> tuple[Path, bool]:
    """Train the candidate. With ``base`` (the serving model), Rasa's incremental training
    fine-tunes it on the new data in a fraction of the epochs: possible when the edits only
    added phrasings (same entries, same domain); otherwise a full training."""
    project = _scratch_project(workdir, faq_dir)
    finetune = ["--finetune", str(base), "--epoch-fraction", str(epoch_fraction)]
    if base is not None and _rasa_train(project, workdir, finetune):
        return workdir / "candidate.tar.gz", True
    if base is not None:
        log.info("Fine-tuning not possible (new entries or a changed domain): full training")
    if not _rasa_train(project, workdir, []):
        raise TrainingFailed(f"eğitim başarısız oldu; ayrıntılar {workdir / 'train.log'}")
    return workdir / "candidate.tar.gz", False


def retrain_with_gate(
    serving_model: Path, faq_dir: Path, epoch_fraction: float = FINETUNE_EPOCH_FRACTION
) -> GateResult:
    """Train on ``faq_dir``, compare with ``serving_model``, and on success install the
    candidate."""
    started = time.monotonic()
    workdir = var_dir() / "retraining"
    workdir.mkdir(parents=True, exist_ok=True)
    kb = load_knowledge_base(faq_dir)
    leaked = leaked_heldout(kb)
    if leaked:
        reason = f"ölçüm sorularından {len(leaked)} tanesi soru kalıbı olarak eklenmiş (ör. “{leaked[0]}”); ölçüm anlamsız olurdu"
        return GateResult(False, None, None, None, reason, time.monotonic() - started)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The serving model's score does not wait for the candidate: it is measured (in a
        # process of its own) while the candidate trains.
        serving_score = pool.submit(heldout_accuracy, serving_model, kb, workdir / "old")
        candidate, finetuned = train_candidate(workdir, faq_dir, serving_model, epoch_fraction)
        old = serving_score.result()
    new = heldout_accuracy(candidate, kb, workdir / "new")
    if new < old - MAX_DROP - 1e-9:
        new_pct, old_pct = decimal(new * 100), decimal(old * 100)
        reason = f"yeni modelin doğruluğu %{new_pct}, çalışan modelin %{old_pct}: iki puandan fazla düşüş"
        candidate.unlink(missing_ok=True)
        return GateResult(False, old, new, None, reason, time.monotonic() - started, finetuned)
    # Named for the data it was trained on, as `stajbot train` names it: a restart finds it,
    # and retrains if the knowledge base was edited again meanwhile.
    target = model_path(fingerprint(workdir / "nlu"))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(candidate), target)
    return GateResult(True, old, new, target, "", time.monotonic() - started, finetuned)
