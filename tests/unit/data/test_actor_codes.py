"""One actor-code rule (analysis.data.countries): the contract, the Curate form and the gazetteer agree."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from analysis.curation.form import event_fields, not_accepted, to_widgets
from analysis.data.countries import parse_actors, valid_actor_code
from analysis.data.schemas import EVENTS
from analysis.data.tables import parse_csv_text
from analysis.ingest.gazetteer import actor_terms

EVENTS_CSV = Path(__file__).resolve().parents[3] / "data" / "events.csv"

# (code, accepted?): a code from the country table, lower case, unknown, blank.
SINGLE = [("JPN", True), ("TWN", True), ("jpn", False), ("XYZ", False), ("ZZ", False), ("", False)]


def _contract_problems(column: str, value: str) -> list[str]:
    """Rules the loader reports for one bundled event row with ``column`` set to ``value``."""
    with EVENTS_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        row = next(reader)
        header = list(reader.fieldnames or [])
    row[column] = value
    if column == "actors" and value:
        row["initiator"] = parse_actors(value)[0][0] if parse_actors(value)[0] else row["initiator"]
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    errors = parse_csv_text(out.getvalue(), EVENTS, "events.csv").errors
    return list(errors.loc[errors["column"] == column, "rule"])


def _gazetteer_accepts(tmp_path: Path, code: str) -> bool:
    folder = tmp_path / f"ref_{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    (folder / "actors.csv").write_text(f"term,iso3,kind,ref,evidence,note\nJapan,{code},name,r,e,\n", encoding="utf-8")
    try:
        actor_terms(folder)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(("code", "accepted"), SINGLE)
def test_contract_form_and_gazetteer_agree_on_one_code(tmp_path: Path, code: str, accepted: bool) -> None:
    assert valid_actor_code(code) is accepted
    assert (not _contract_problems("initiator", code)) is accepted
    assert _gazetteer_accepts(tmp_path, code) is accepted
    form = event_fields()
    shown = to_widgets({"initiator": code}, form)["initiator"]
    assert shown == (code if accepted else None)
    # the form never drops a code silently: every non-blank code it does not hold is explained
    assert bool(not_accepted({"initiator": code}, form).get("initiator")) is (not accepted and code != "")


@pytest.mark.parametrize(("cell", "kept", "rejected"), [
    ("JPN;CHN", ["JPN", "CHN"], []),
    ("JPN;jpn", ["JPN"], ["jpn"]),
    ("JPN;XYZ;CHN", ["JPN", "CHN"], ["XYZ"]),
    ("JPN;JPN", ["JPN"], ["JPN"]),
    ("JPN;;CHN", ["JPN", "CHN"], [""]),
])
def test_a_list_of_actors_is_split_the_same_way_by_contract_and_form(cell: str, kept: list[str],
                                                                      rejected: list[str]) -> None:
    assert [code for code, _ in parse_actors(cell)[1]] == rejected
    problems = _contract_problems("actors", cell)
    assert len(problems) == len(rejected)
    assert all(f"actor code {code!r}: " in rule for code, rule in zip(rejected, problems, strict=True))
    form = event_fields()
    assert to_widgets({"actors": cell}, form)["actors"] == kept
    said = not_accepted({"actors": cell}, form).get("actors", [])
    assert len(said) == len(rejected)
    assert all(f"{code!r} is not accepted" in s for code, s in zip(rejected, said, strict=True))


def test_the_contract_names_the_reason() -> None:
    (rule,) = _contract_problems("initiator", "jpn")
    assert rule == "actor code 'jpn': lower case: write 'JPN'"
    (rule,) = _contract_problems("target", "XYZ")
    assert "not in the country table" in rule
    assert _contract_problems("initiator", "JPN;CHN") == ["actor code 'JPN;CHN': one ISO3 code only, not a list"]


def test_the_administration_table_uses_the_same_rule(tmp_path: Path) -> None:
    from analysis.ingest.gazetteer import administration

    (tmp_path / "administration.csv").write_text("key,administered_by,claimants\nplace:x,JPN,CHN;CHN\n",
                                                 encoding="utf-8")
    with pytest.raises(ValueError, match="listed twice, got 'CHN'"):
        administration(tmp_path)
