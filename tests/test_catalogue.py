"""The translation catalogues: complete, not fuzzy, and made from today's code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from cocommission import catalogue

CY = Path("locale/cy/LC_MESSAGES/django.po")


@pytest.fixture(scope="module")
def marked() -> set[tuple[str | None, str, str | None]]:
    return catalogue.fresh_keys()


def test_every_marked_string_has_a_welsh_translation(
    marked: set[tuple[str | None, str, str | None]],
) -> None:
    problems = catalogue.check("cy", marked)
    assert not problems, problems


def test_the_check_command_passes() -> None:
    call_command("messages", "--check")


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "cy" / "LC_MESSAGES"
    target.mkdir(parents=True)
    text = CY.read_text(encoding="utf-8")
    assert old in text
    (target / "django.po").write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_an_untranslated_string_fails(
    tmp_path: Path, marked: set[tuple[str | None, str, str | None]]
) -> None:
    with override_settings(
        LOCALE_PATHS=[_edited(tmp_path, 'msgstr "Chwilio"', 'msgstr ""')]
    ):
        assert catalogue.check("cy", marked).untranslated == ["Search"]


def test_a_fuzzy_string_fails(
    tmp_path: Path, marked: set[tuple[str | None, str, str | None]]
) -> None:
    old = 'msgid "Search"\nmsgstr "Chwilio"'
    with override_settings(LOCALE_PATHS=[_edited(tmp_path, old, "#, fuzzy\n" + old)]):
        assert catalogue.check("cy", marked).fuzzy == ["Search"]


def test_a_string_missing_from_the_catalogue_fails(
    tmp_path: Path, marked: set[tuple[str | None, str, str | None]]
) -> None:
    old = 'msgid "Search"\nmsgstr "Chwilio"'
    with override_settings(
        LOCALE_PATHS=[_edited(tmp_path, old, 'msgid "Serch"\nmsgstr "Chwilio"')]
    ):
        problems = catalogue.check("cy", marked)
    assert problems.missing == ["Search"]
    assert problems.extra == ["Serch"]


def test_the_command_fails_on_a_stale_catalogue(tmp_path: Path) -> None:
    old = 'msgid "Search"\nmsgstr "Chwilio"'
    with (
        override_settings(
            LOCALE_PATHS=[_edited(tmp_path, old, 'msgid "Serch"\nmsgstr "Chwilio"')]
        ),
        pytest.raises(CommandError),
    ):
        call_command("messages", "--check")


def test_the_catalogue_does_not_name_line_numbers() -> None:
    """`make messages` writes file names only, so moving code changes nothing."""
    locations = [
        line
        for line in CY.read_text(encoding="utf-8").splitlines()
        if line.startswith("#: ")
    ]
    assert locations
    assert not any(":" in ref for line in locations for ref in line[3:].split())


def test_the_readme_reports_completeness_from_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("messages", "--stats")
    table = capsys.readouterr().out.strip()
    assert table in Path("README.md").read_text(encoding="utf-8")


def test_the_compiled_catalogue_is_built_by_make() -> None:
    makefile = Path("Makefile").read_text(encoding="utf-8")
    assert "compilemessages" in makefile
    assert shutil.which("msgfmt"), (
        "gettext's msgfmt is needed to compile the catalogues"
    )
