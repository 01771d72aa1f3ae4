"""Helpers for driving the Curate page's Streamlit widgets in a real browser."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from analysis.data.loader import load_dataset
from tests.browser.conftest import WAIT_MS, rerun, runs_finished, wait_until_idle
from tests.conftest import FIXTURE_DATA

SECRET = "browser-test-secret"


def data_copy(tmp: Path) -> Path:
    """A writable copy of the fixture dataset."""
    target = tmp / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


def restore_fixture(folder: Path) -> None:
    """Put the fixture dataset's files back in ``folder`` (with their times) and remove anything else."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if not (FIXTURE_DATA / path.relative_to(folder)).exists():
            path.unlink() if path.is_file() else path.rmdir()
    shutil.copytree(FIXTURE_DATA, folder, dirs_exist_ok=True)


def assert_valid(folder: Path) -> None:
    """The data folder passes every loader check."""
    errors = load_dataset(folder).errors
    assert errors.empty, errors.to_string()


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file under the folder."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def widget(page, testid: str, label: str):
    """The Streamlit widget of that kind whose label is ``label``."""
    return page.locator(f'[data-testid="{testid}"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=label)).first


def fill_text(page, label: str, value: str, area: bool = False) -> None:
    """Type into a text input (or area) and commit it (Streamlit reruns on blur)."""
    box = widget(page, "stTextArea" if area else "stTextInput", label).locator("textarea, input").first
    # A changed value reruns the script: wait for a run that finished after the action (a bare
    # idle check could read the previous run's state, and the next action would race the rerun
    # and lose its value — seen once in ten loaded suite runs). No change, no rerun: just idle.
    before = runs_finished(page) if box.input_value() != value else None
    box.fill(value)
    box.press("Tab" if area else "Enter")
    wait_until_idle(page, runs_before=before)


def pick(page, label: str, *options: str, testid: str = "stSelectbox", key: str | None = None) -> None:
    """Choose options in a selectbox or multiselect by typing and pressing Enter (``key``: the widget's key)."""
    box = page.locator(f".st-key-{key}") if key else widget(page, testid, label)
    for option in options:
        # Choosing a new option reruns the script: wait for a run that finished after Enter (a bare
        # idle check could pass before that rerun starts, and the next option typed into the box was
        # lost when it re-rendered — seen once in ten loaded suite runs). An option already chosen
        # (a selectbox's value is in its input, a multiselect's tags are text) does not rerun: then just
        # idle. (Reading only the text missed a preselected selectbox and waited for a rerun that never came.)
        # A selectbox shows its value in its input (a multiselect shows tags as text).
        shown = box.inner_text() + "\n" + box.locator("input").first.input_value()
        before = None if option in shown else runs_finished(page)
        box.locator("input").first.click()
        box.locator("input").first.fill(option)
        page.locator('[role="option"]', has_text=option).first.wait_for(timeout=WAIT_MS)
        box.locator("input").first.press("Enter")
        wait_until_idle(page, runs_before=before)
    if testid == "stMultiSelect":
        page.keyboard.press("Escape")


def set_date(page, label: str, value: str) -> None:
    """Type a YYYY-MM-DD date into a date input (year, month, day segments advance by themselves)."""
    field = widget(page, "stDateInput", label)
    field.locator('[role="spinbutton"][data-type="year"]').click()
    page.keyboard.type(value.replace("-", ""))
    page.keyboard.press("Tab")
    wait_until_idle(page)  # the segmented input does not always rerun here (seen: no run in 180 s)
    expected = [part.lstrip("0") or "0" for part in value.split("-")]
    shown = field.locator('[role="spinbutton"]').evaluate_all("els => els.map(e => e.textContent)")
    assert [part.lstrip("0") or "0" for part in shown] == expected, shown


def click(page, name: str) -> None:
    """Click the button with that text and wait for the rerun to finish."""
    with rerun(page):  # a button click always reruns the script
        page.get_by_role("button", name=name, exact=True).click()


def unlock(page) -> None:
    """Type the editor secret and unlock editing."""
    box = widget(page, "stTextInput", "Editor secret").locator("input").first
    before = runs_finished(page) if box.input_value() != SECRET else None
    box.fill(SECRET)
    box.press("Enter")
    wait_until_idle(page, runs_before=before)
    click(page, "Unlock editing")
    page.get_by_role("button", name="Lock editing").wait_for(timeout=30_000)


def wait_for_message(page, text: str, timeout_ms: int = 30_000) -> None:
    """Wait for an alert containing ``text``; on timeout, fail with the alerts and errors shown."""
    try:
        page.locator('[data-testid="stAlert"]', has_text=text).first.wait_for(timeout=timeout_ms)
    except Exception:  # re-raised with what the page said instead
        alerts = page.locator('[data-testid="stAlert"], [data-testid="stDataFrame"]').all_inner_texts()
        page.screenshot(path="/tmp/curate_failure.png", full_page=True)
        raise AssertionError(f"no message {text!r}; the page shows: {alerts}") from None
