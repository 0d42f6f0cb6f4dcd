from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from outcomes.models import Indicator, Measurement, Outcome, OutcomesFramework
from outcomes.services import (
    framework_create,
    indicator_save,
    measurement_record,
    measurements_import_csv,
    outcome_save,
)
from tests.csv_cases import broken_files, old_mac

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(organisation: Organisation, people: dict[str, User]) -> OutcomesFramework:
    return framework_create(
        organisation=organisation, by=people["commissioner"], title="The Big Three"
    )


def _indicator(framework: OutcomesFramework, by: User, **fields: object) -> Indicator:
    outcome = outcome_save(
        outcome=Outcome(framework=framework, statement="People recover and stay well"),
        by=by,
        pathways={"prevention": ["co_production"]},
    )
    return indicator_save(
        indicator=Indicator(
            outcome=outcome, name="Referrals", unit="a month", **fields
        ),
        by=by,
    )


def _url(name: str, organisation: Organisation, **kwargs: object) -> str:
    return reverse(f"outcomes:{name}", kwargs={"org_slug": organisation.slug, **kwargs})


def test_a_framework_made_from_a_template_copies_outcomes_and_indicators_not_data(
    organisation: Organisation, people: dict[str, User], framework: OutcomesFramework
) -> None:
    """A template's outcomes, pathways and indicators are copied, not its data."""
    indicator = _indicator(framework, people["commissioner"])
    measurement_record(
        indicator=indicator,
        by=people["commissioner"],
        period_end=datetime.date(2026, 1, 31),
        value=Decimal(90),
        source="routine",
    )
    copy = framework_create(
        organisation=organisation,
        by=people["commissioner"],
        title="Copy",
        template=framework,
    )
    outcome = copy.outcomes.get()
    assert outcome.pathways.get().contributions == ["co_production"]
    assert outcome.indicators.get().name == "Referrals"
    assert not Measurement.objects.filter(indicator__outcome__framework=copy).exists()


def test_one_measurement_per_period(
    framework: OutcomesFramework, people: dict[str, User]
) -> None:
    """A second value for the same period is refused with a clear message."""
    from django.core.exceptions import ValidationError

    indicator = _indicator(framework, people["commissioner"])
    day = datetime.date(2026, 1, 31)
    measurement_record(
        indicator=indicator,
        by=people["commissioner"],
        period_end=day,
        value=Decimal(1),
        source="routine",
    )
    with pytest.raises(ValidationError, match="already a value"):
        measurement_record(
            indicator=indicator,
            by=people["commissioner"],
            period_end=day,
            value=Decimal(2),
            source="routine",
        )


def test_csv_import_saves_every_row_or_none(
    framework: OutcomesFramework, people: dict[str, User]
) -> None:
    """A file with one bad row saves nothing and says which line is wrong; a good
    file saves every row."""
    indicator = _indicator(framework, people["commissioner"])
    bad = (
        "period_end,value,source,note\n2026-01-31,90,routine,\n2026-02-30,85,,\n"
        "2026-03-31,lots,,\n2026-04-30,80,gossip,\n"
    )
    report = measurements_import_csv(
        indicator=indicator, by=people["commissioner"], text=bad
    )
    assert [line for line, _ in report.errors] == [3, 4, 5]
    assert not indicator.measurements.exists()
    good = 'period_end,value\n2026-01-31,90\n2026-02-28,"1,085"\n'
    report = measurements_import_csv(
        indicator=indicator, by=people["commissioner"], text=good
    )
    assert report.ok and report.saved == 2
    assert list(indicator.measurements.values_list("value", flat=True)) == [
        Decimal(90),
        Decimal(1085),
    ]
    again = measurements_import_csv(
        indicator=indicator, by=people["commissioner"], text=good
    )
    assert [line for line, _ in again.errors] == [2, 3]


def test_csv_import_needs_the_columns(
    framework: OutcomesFramework, people: dict[str, User]
) -> None:
    """A file without the period_end and value columns is refused at line 1."""
    indicator = _indicator(framework, people["commissioner"])
    report = measurements_import_csv(
        indicator=indicator, by=people["commissioner"], text="date;amount\n1;2\n"
    )
    assert report.errors[0][0] == 1


# role -> (list page, framework and indicator pages, change pages)
FRAMEWORK_TABLE = {
    "admin": (200, 200, 200),
    "commissioner": (200, 200, 200),
    "decision_maker": (200, 200, 403),
    "provider": (403, 404, 403),
    "citizen": (403, 404, 403),
    "outsider": (404, 404, 404),
}


@pytest.mark.parametrize("role", list(FRAMEWORK_TABLE))
def test_framework_permissions(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    framework: OutcomesFramework,
    role: str,
) -> None:
    """The team reads frameworks; admins and commissioners change them; providers
    and citizens are refused (the pages are narrowed to the team); outsiders get 404."""
    indicator = _indicator(framework, people["commissioner"])
    client.force_login(people[role])
    listing, detail, change = FRAMEWORK_TABLE[role]
    assert client.get(_url("frameworks", organisation)).status_code == listing
    pages = [
        _url("framework", organisation, pk=framework.pk),
        _url("indicator", organisation, pk=framework.pk, indicator_pk=indicator.pk),
    ]
    assert [client.get(u).status_code for u in pages] == [detail, detail]
    assert client.get(_url("framework_new", organisation)).status_code == change
    if change == 200 or detail == 200:
        outcome_new = client.get(_url("outcome_new", organisation, pk=framework.pk))
        assert outcome_new.status_code == change


def test_another_organisations_framework_is_not_found(
    client: Client, people: dict[str, User], other_organisation: Organisation
) -> None:
    """A commissioner elsewhere finds nothing of this framework."""
    theirs = framework_create(
        organisation=other_organisation, by=people["outsider"], title="Theirs"
    )
    client.force_login(people["commissioner"])
    assert (
        client.get(_url("framework", other_organisation, pk=theirs.pk)).status_code
        == 404
    )


def test_measurement_form_errors_keep_the_input(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    framework: OutcomesFramework,
) -> None:
    """A value that is not a number is reported beside the field and kept."""
    indicator = _indicator(framework, people["commissioner"])
    client.force_login(people["commissioner"])
    response = client.post(
        _url(
            "measurement_add", organisation, pk=framework.pk, indicator_pk=indicator.pk
        ),
        {"period_end": "2026-01-31", "value": "about 40", "source": "routine"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Enter the value as a number" in content
    assert 'value="about 40"' in content


def test_csv_upload_reports_bad_rows_on_the_page(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    framework: OutcomesFramework,
) -> None:
    """An upload with bad rows shows each line's problem and saves nothing."""
    indicator = _indicator(framework, people["commissioner"])
    client.force_login(people["commissioner"])
    upload = SimpleUploadedFile(
        "m.csv", b"period_end,value\n2026-01-31,x\n", content_type="text/csv"
    )
    response = client.post(
        _url(
            "measurement_import",
            organisation,
            pk=framework.pk,
            indicator_pk=indicator.pk,
        ),
        {"file": upload},
    )
    assert "Nothing was imported" in response.content.decode()
    assert "Line 2" in response.content.decode()


def test_framework_page_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    framework: OutcomesFramework,
    django_assert_num_queries: object,
) -> None:
    """The framework page costs the same with 5 or 200 indicators of 50 measurements."""
    by = people["commissioner"]

    def add(n: int) -> None:
        outcome = outcome_save(
            outcome=Outcome(framework=framework, statement="More"), by=by
        )
        indicators = Indicator.objects.bulk_create(
            Indicator(outcome=outcome, name=f"I{i}", unit="%", target_value=Decimal(50))
            for i in range(n)
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=ind,
                period_end=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * k),
                value=Decimal(k),
            )
            for ind in indicators
            for k in range(50)
        )

    add(5)
    client.force_login(by)
    url = _url("framework", organisation, pk=framework.pk)
    client.get(url)
    with django_assert_num_queries(9) as few:  # type: ignore[operator]
        client.get(url)
    add(195)
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(url)
    assert response.content.decode().count("govuk-tag--") >= 200


MEASUREMENT_HEADER = b"period_end,value\n"
MEASUREMENT_ROW = b"2026-01-31,90\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(content, message, id=name)
        for name, content, message in broken_files(MEASUREMENT_HEADER, MEASUREMENT_ROW)
    ],
)
def test_a_broken_upload_names_the_line_and_saves_nothing(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    framework: OutcomesFramework,
    content: bytes,
    message: str,
) -> None:
    """A file with a NUL byte, text that is not UTF-8 or a field too big to read
    gets a message naming the line; no measurement is saved."""
    indicator = _indicator(framework, people["commissioner"])
    client.force_login(people["commissioner"])
    response = client.post(
        _url(
            "measurement_import",
            organisation,
            pk=framework.pk,
            indicator_pk=indicator.pk,
        ),
        {"file": SimpleUploadedFile("m.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not indicator.measurements.exists()


def test_old_mac_line_endings_import_measurements(
    framework: OutcomesFramework, people: dict[str, User]
) -> None:
    """A file saved with lone carriage returns imports like any other."""
    indicator = _indicator(framework, people["commissioner"])
    report = measurements_import_csv(
        indicator=indicator,
        by=people["commissioner"],
        text=old_mac(MEASUREMENT_HEADER, MEASUREMENT_ROW).decode(),
    )
    assert report.ok and report.saved == 1
