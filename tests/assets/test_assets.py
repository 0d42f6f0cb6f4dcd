from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assets.models import Asset, Pledge
from assets.services import assets_import_csv, pledge_make
from cocommission.accounts.models import User
from cocommission.organisations.models import Organisation
from tests.csv_cases import broken_files, old_mac

pytestmark = pytest.mark.django_db

GOOD = (
    "name,kind,holder_type,area,is_public,latitude\n"
    "Brixton café,place,business,Brixton,yes,51.46\n"
    "Peer support group,Group or network,community,Stockwell,no,\n"
)
BAD = (
    "name,kind,holder_type,latitude\n"
    "Ok,time,individual,\n"
    ",time,individual,\n"
    "Van,vehicle,public,\n"
    "Hall,place,public,123\n"
)


def test_import_saves_all_rows_accepting_codes_or_labels(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Kinds may be written as codes or as their names; every row is saved."""
    report = assets_import_csv(
        organisation=organisation, by=people["commissioner"], text=GOOD
    )
    assert report.ok and report.saved == 2
    group = Asset.objects.get(name="Peer support group")
    assert group.kind == "group" and not group.is_public
    assert Asset.objects.get(name="Brixton café").is_public


def test_import_with_bad_rows_saves_nothing_and_names_each_line(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A file with any bad row saves nothing and reports each problem by line."""
    report = assets_import_csv(
        organisation=organisation, by=people["commissioner"], text=BAD
    )
    assert [line for line, _message in report.errors] == [3, 4, 5]
    assert "name is missing" in report.errors[0][1]
    assert "kind" in report.errors[1][1]
    assert "latitude" in report.errors[2][1]
    assert not Asset.objects.exists()


def test_import_needs_the_columns(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """Without name, kind and holder_type columns the file is refused at line 1."""
    report = assets_import_csv(
        organisation=organisation, by=people["commissioner"], text="title\nx\n"
    )
    assert report.errors[0][0] == 1


def test_export_streams_the_filtered_register(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The CSV export streams the rows the filters show, in import format."""
    assets_import_csv(organisation=organisation, by=people["commissioner"], text=GOOD)
    client.force_login(people["commissioner"])
    response = client.get(
        reverse("assets:export", kwargs={"org_slug": organisation.slug}),
        {"kind": "place"},
    )
    assert response.streaming
    body = b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    assert body.splitlines()[0].startswith("name,kind,holder_type")
    assert "Brixton café" in body and "Peer support group" not in body


def test_citizens_pledge_for_themselves_and_only_where_they_belong(
    organisation: Organisation,
    other_organisation: Organisation,
    people: dict[str, User],
) -> None:
    """A citizen's pledge is theirs; none to a body they do not belong to."""
    pledge = pledge_make(
        organisation=organisation,
        by=people["citizen"],
        offer="Drive people to the lunch club",
        kind="time",
    )
    assert pledge.pledger == people["citizen"]
    assert list(Pledge.objects.of(people["citizen"])) == [pledge]
    with pytest.raises(ValidationError):
        pledge_make(
            organisation=other_organisation,
            by=people["citizen"],
            offer="x",
            kind="time",
        )


# role -> (register, change register, pledge form)
TABLE = {
    "admin": (200, 200, 200),
    "commissioner": (200, 200, 200),
    "decision_maker": (200, 403, 200),
    "provider": (403, 403, 200),
    "citizen": (403, 403, 200),
    "outsider": (404, 404, 404),
}


@pytest.mark.parametrize("role", list(TABLE))
def test_assets_truth_table(
    client: Client, people: dict[str, User], organisation: Organisation, role: str
) -> None:
    """The team reads the register, commissioners change it; every member can pledge."""
    register, change, pledge = TABLE[role]
    client.force_login(people[role])
    kwargs = {"org_slug": organisation.slug}
    assert client.get(reverse("assets:list", kwargs=kwargs)).status_code == register
    assert client.get(reverse("assets:export", kwargs=kwargs)).status_code == register
    assert client.get(reverse("assets:pledges", kwargs=kwargs)).status_code == register
    assert client.get(reverse("assets:new", kwargs=kwargs)).status_code == change
    assert client.get(reverse("assets:import", kwargs=kwargs)).status_code == change
    assert client.get(reverse("assets:pledge_new", kwargs=kwargs)).status_code == pledge


def test_pledge_form_errors_keep_the_text(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """An impossible number of hours is reported and what was typed stays."""
    client.force_login(people["citizen"])
    url = reverse("assets:pledge_new", kwargs={"org_slug": organisation.slug})
    response = client.post(
        url,
        {
            "offer": "Read to people at the day centre",
            "kind": "time",
            "hours_per_month": "9999",
        },
    )
    content = response.content.decode()
    assert "Enter a number of hours between 1 and 744" in content
    assert "Read to people at the day centre" in content
    assert (
        client.post(
            url, {"offer": "Read to people", "kind": "time", "hours_per_month": "4"}
        ).status_code
        == 302
    )


def test_csv_upload_page_reports_lines(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Uploading a bad file shows the lines to fix and imports nothing."""
    client.force_login(people["commissioner"])
    upload = SimpleUploadedFile("assets.csv", BAD.encode(), content_type="text/csv")
    response = client.post(
        reverse("assets:import", kwargs={"org_slug": organisation.slug}),
        {"file": upload},
    )
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()


def test_register_query_count_is_flat(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    django_assert_num_queries: object,
) -> None:
    """The register costs the same with 10 or 300 assets."""
    Asset.objects.bulk_create(
        Asset(
            organisation=organisation,
            name=f"A{n}",
            kind="time",
            holder_type="individual",
        )
        for n in range(10)
    )
    client.force_login(people["commissioner"])
    url = reverse("assets:list", kwargs={"org_slug": organisation.slug})
    client.get(url)
    with django_assert_num_queries(9) as few:  # type: ignore[operator]
        client.get(url)
    Asset.objects.bulk_create(
        Asset(
            organisation=organisation,
            name=f"B{n}",
            kind="place",
            holder_type="public",
            area="Brixton",
        )
        for n in range(290)
    )
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(url)


@pytest.mark.parametrize(
    ("role", "status"),
    [("citizen", 200), ("provider", 200), ("commissioner", 200), ("outsider", 404)],
)
def test_members_see_only_public_assets_without_contacts(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    status: int,
) -> None:
    """Any member sees assets marked public, never private ones or contacts."""
    Asset.objects.create(
        organisation=organisation,
        name="Open café",
        kind="place",
        holder_type="business",
        is_public=True,
        contact="owner@cafe.example",
    )
    Asset.objects.create(
        organisation=organisation, name="Safe house", kind="place", holder_type="public"
    )
    client.force_login(people[role])
    response = client.get(
        reverse("assets:community", kwargs={"org_slug": organisation.slug})
    )
    assert response.status_code == status
    if status == 200:
        content = response.content.decode()
        assert "Open café" in content
        assert "Safe house" not in content
        assert "owner@cafe.example" not in content


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("commissioner", 200), ("decision_maker", 403), ("citizen", 403)],
)
def test_only_commissioners_record_pledges_for_others(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    role: str,
    status: int,
) -> None:
    """Recording a pledge for someone else is the commissioning team's job."""
    client.force_login(people[role])
    assert (
        client.get(
            reverse("assets:pledge_record", kwargs={"org_slug": organisation.slug})
        ).status_code
        == status
    )


def test_a_recorded_pledge_needs_a_name(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """Without the person's or group's name the pledge is refused beside the field."""
    client.force_login(people["commissioner"])
    url = reverse("assets:pledge_record", kwargs={"org_slug": organisation.slug})
    response = client.post(url, {"offer": "Lend the church hall", "kind": "place"})
    assert "Enter the name of the person or group" in response.content.decode()
    assert (
        client.post(
            url,
            {
                "offer": "Lend the church hall",
                "kind": "place",
                "pledged_by_name": "St Mark's",
            },
        ).status_code
        == 302
    )
    assert Pledge.objects.get().who == "St Mark's"


def test_register_groups_assets_by_area_and_kind(
    client: Client, people: dict[str, User], organisation: Organisation
) -> None:
    """The register counts assets by area and kind."""
    assets_import_csv(organisation=organisation, by=people["commissioner"], text=GOOD)
    client.force_login(people["commissioner"])
    response = client.get(
        reverse("assets:list", kwargs={"org_slug": organisation.slug})
    )
    grid = dict(response.context["by_area"])
    assert grid["Brixton"][2] == 1  # places
    assert grid["Stockwell"][4] == 1  # groups


ASSET_HEADER = b"name,kind,holder_type\n"
ASSET_ROW = b"Community hall,place,community\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(content, message, id=name)
        for name, content, message in broken_files(ASSET_HEADER, ASSET_ROW)
    ],
)
def test_a_broken_upload_names_the_line_and_imports_nothing(
    client: Client,
    people: dict[str, User],
    organisation: Organisation,
    content: bytes,
    message: str,
) -> None:
    """A file with a NUL byte, text that is not UTF-8 or a field too big to read
    gets a message naming the line beside the file field; nothing is saved."""
    client.force_login(people["commissioner"])
    response = client.post(
        reverse("assets:import", kwargs={"org_slug": organisation.slug}),
        {"file": SimpleUploadedFile("assets.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Asset.objects.exists()


def test_old_mac_line_endings_import(
    organisation: Organisation, people: dict[str, User]
) -> None:
    """A file saved with lone carriage returns imports like any other."""
    report = assets_import_csv(
        organisation=organisation,
        by=people["commissioner"],
        text=old_mac(ASSET_HEADER, ASSET_ROW).decode(),
    )
    assert report.ok and report.saved == 1
