"""UDS It-Happened scorer on a tiny hand-made set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import uds

CONLLU = """# sent_id = a-1
# text = Rebels attacked the town .
1\tRebels\trebel\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\ttown\ttown\tNOUN\tNN\t_\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = a-2
# text = The army did not withdraw .
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tarmy\tarmy\tNOUN\tNN\t_\t5\tnsubj\t_\t_
3\tdid\tdo\tAUX\tVBD\t_\t5\taux\t_\t_
4\tnot\tnot\tPART\tRB\t_\t5\tadvmod\t_\t_
5\twithdraw\twithdraw\tVERB\tVB\t_\t0\troot\t_\t_
6\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

# sent_id = a-3
# text = They will vote tomorrow .
1\tThey\tthey\tPRON\tPRP\t_\t3\tnsubj\t_\t_
2\twill\twill\tAUX\tMD\t_\t3\taux\t_\t_
3\tvote\tvote\tVERB\tVB\t_\t0\troot\t_\t_
4\ttomorrow\ttomorrow\tNOUN\tNN\t_\t3\tobl\t_\t_
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

"""

HEADER = (
    "Split\tAnnotator.ID\tDisplay.Position\tSentence.ID\tPred.Token\tPred.Lemma\t"
    "Is.Predicate\tIs.Understandable\tHappened\tConfidence\tKeep\n"
)
ROWS = [
    ("en-ud-dev.conllu 1", 2, "attack", "true", 4, "True"),
    ("en-ud-dev.conllu 1", 2, "attack", "true", 3, "True"),
    ("en-ud-dev.conllu 2", 5, "withdraw", "false", 4, "True"),
    ("en-ud-dev.conllu 3", 3, "vote", "false", 2, "True"),
    ("en-ud-dev.conllu 3", 3, "vote", "true", 4, "False"),
]


def _write(folder: Path) -> None:
    (folder / "en_ewt-ud-dev.conllu").write_text(CONLLU, encoding="utf-8")
    lines = [
        f"dev\t1\t1\t{sid}\t{tok}\t{lemma}\tTrue\tTrue\t{happened}\t{conf}\t{keep}\n"
        for sid, tok, lemma, happened, conf, keep in ROWS
    ]
    (folder / "it-happened_dev.tsv").write_text(HEADER + "".join(lines), encoding="utf-8")


def test_uds_judgments_aggregate_kept_rows(tmp_path: Path) -> None:
    _write(tmp_path)
    preds = uds.read_judgments((tmp_path / "it-happened_dev.tsv").read_text())
    scores = {(p.sentence, p.token): p.score for p in preds}
    assert scores[(0, 1)] == pytest.approx(0.875)
    assert scores[(1, 4)] == pytest.approx(-1.0)
    assert scores[(2, 2)] == pytest.approx(-0.5)  # the dropped row does not count


def test_uds_evaluate_known_answers(tmp_path: Path, nlp: Any) -> None:
    _write(tmp_path)
    result = uds.evaluate(tmp_path)
    assert result.n_items == 3
    assert result.metrics["happened_accuracy"] == 1.0


def test_uds_spearman() -> None:
    assert uds.spearman([1.0, 2.0, 3.0], [10.0, 20.0, 30.0]) == pytest.approx(1.0)
    assert uds.spearman([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == pytest.approx(-1.0)
    assert uds.spearman([1.0, 1.0], [1.0, 2.0]) is None


def test_uds_missing_files_raise(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissingError):
        uds.evaluate(tmp_path)
