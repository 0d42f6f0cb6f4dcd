"""Everything held about a person: to hand it over, and to erase it.

Both start from one walk over the model graph: every foreign key, one-to-one and
many-to-many relation to the user model, in every installed app
(``person_relations``). Each relation is either *registered* (how its rows are
described to the person, in plain words, and how they are erased) or *excluded*
with a reason. Feature apps register their own models from their ``apps.py``
``ready()``, so this core module imports none of them. A relation nobody has
registered or excluded still reaches the person's copy, described field by field
(``_fallback``), and a test fails until it is registered.

Erasure deletes the account and what hangs off it (consents, profile answers,
memberships, signatures), and keeps what others rely on in anonymous form: a
pledge's hours, a governance score, a seat in a panel's history, a vote. Audit
history rows that copy the person's own records are deleted; their name as the
author of changes is cleared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocommission.organisations.models import STAFF_ROLES, Membership, Role

from .models import User

#: What stays of an erased person's words where others rely on the row.
ERASED_NAME = "Former participant"
ERASED_TEXT = "Removed at the person's request."
#: A month, for retention periods.
MONTH = timedelta(days=30)

Label = str | Promise
#: How a column's value is read from a row: a dotted path (a method at the end is
#: called, so ``get_status_display`` works) or a function of the row.
Getter = str | Callable[[Any], Any]


# --- The walk ------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """One relation from a model to the user model."""

    model: type[models.Model]
    field: str
    many: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.model._meta.label, self.field)

    def __str__(self) -> str:
        return f"{self.model._meta.label}.{self.field}"


def person_relations() -> list[Relation]:
    """Every foreign key, one-to-one and many-to-many to the user model, in every
    installed model. A many-to-many is listed once, by its field (its automatic
    table is left out); the account row itself is ``Relation(User, "")``."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    tables_of_m2m = {
        f.remote_field.through
        for model in apps.get_models()
        for f in model._meta.many_to_many
        if f.related_model is user_model
    }
    found = [Relation(user_model, "")]
    for model in apps.get_models(include_auto_created=True):
        if model in tables_of_m2m:
            continue
        for f in model._meta.get_fields():
            if f.auto_created or not f.is_relation or f.related_model is not user_model:
                continue
            if f.many_to_many:
                found.append(Relation(model, f.name, many=True))
            elif f.many_to_one or f.one_to_one:
                found.append(Relation(model, f.name))
    return sorted(found, key=lambda r: r.key)


# --- The registry ----------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    """What erasure does with a relation's rows before the account goes.

    ``on_delete``: nothing first; deleting the account applies the relation's own
    ``on_delete`` (CASCADE deletes the rows, SET_NULL keeps them unlinked, a
    many-to-many link is removed). ``anonymise``: unlink the rows and overwrite
    the given fields. ``refuse``: rows here are the public record, so erasure is
    refused while any exist."""

    kind: str = "on_delete"
    replace: Mapping[str, Any] = field(default_factory=dict)


ON_DELETE = Erasure()
REFUSE = Erasure("refuse")


def anonymise(**replace: Any) -> Erasure:
    """Keep the rows, unlinked from the person, with these fields overwritten."""
    return Erasure("anonymise", replace)


@dataclass(frozen=True)
class Column:
    key: str
    label: Label
    get: Getter


@dataclass(frozen=True)
class Part:
    """Rows under each row that hold the same person's data (a vote's choices)."""

    relation: str  # accessor on the row, for prefetching
    key: str
    label: Label
    describe: Callable[[Any], Any] = str


@dataclass(frozen=True)
class Section:
    """How one relation's rows appear in a person's copy of their data."""

    key: str
    title: Label
    model: type[models.Model]
    person_fields: tuple[str, ...]
    columns: tuple[Column, ...]
    parts: tuple[Part, ...] = ()
    #: The rows are the person's own (their votes, answers, offers), rather than
    #: an organisation's records that name them (a cycle they lead).
    owned: bool = True
    erase: Erasure = ON_DELETE
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ("pk",)

    def rows(self, user: Any) -> models.QuerySet[Any]:
        if not self.person_fields:
            return self.model._default_manager.filter(pk=user.pk)
        match = Q()
        for name in self.person_fields:
            match |= Q(**{name: user})
        rows = self.model._default_manager.filter(match)
        if self.related:
            rows = rows.select_related(*self.related)
        lookups = (*self.prefetch, *(p.relation for p in self.parts))
        if lookups:
            rows = rows.prefetch_related(*lookups)
        return rows.order_by(*self.order_by)


@dataclass(frozen=True)
class Excluded:
    reason: str
    erase: Erasure = ON_DELETE


_sections: dict[str, Section] = {}
_by_relation: dict[tuple[str, str], Section] = {}
_excluded: dict[tuple[str, str], Excluded] = {}


def register(
    model: type[models.Model],
    person_fields: str | Sequence[str],
    *,
    key: str,
    title: Label,
    columns: Iterable[tuple[str, Label, Getter]],
    parts: Iterable[Part] = (),
    owned: bool = True,
    erase: Erasure = ON_DELETE,
    related: Sequence[str] = (),
    prefetch: Sequence[str] = (),
    order_by: Sequence[str] = ("pk",),
) -> None:
    """Describe a model's rows that relate to a person, for their copy of their
    data, and say how erasure treats them. Call from an app's ``ready()``.
    ``person_fields`` names the relations to the user ("" for the account row
    itself); several are shown together (decisions decided or chaired)."""
    fields = (person_fields,) if isinstance(person_fields, str) else person_fields
    fields = tuple(f for f in fields if f)
    section = Section(
        key=key,
        title=title,
        model=model,
        person_fields=fields,
        columns=tuple(Column(*c) for c in columns),
        parts=tuple(parts),
        owned=owned,
        erase=erase,
        related=tuple(related),
        prefetch=tuple(prefetch),
        order_by=tuple(order_by),
    )
    if _sections.get(key, section) != section:
        raise ImproperlyConfigured(f"Personal data section {key!r} registered twice.")
    _sections[key] = section
    for name in fields or ("",):
        _by_relation[(model._meta.label, name)] = section


def exclude(
    model: type[models.Model],
    person_field: str,
    *,
    reason: str,
    erase: Erasure = ON_DELETE,
) -> None:
    """Leave a relation out of people's copies of their data, saying why."""
    _excluded[(model._meta.label, person_field)] = Excluded(reason, erase)


def sections() -> list[Section]:
    return list(_sections.values())


def section_for(relation: Relation) -> Section | None:
    return _by_relation.get(relation.key)


def exclusion_for(relation: Relation) -> Excluded | None:
    if _is_audit_history(relation.model):
        # Audit tables (django-simple-history) copy rows shown elsewhere and
        # record who changed what; erasure clears them (``_clear_history``).
        return Excluded("audit history, cleared on erasure")
    return _excluded.get(relation.key)


def _is_audit_history(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")


# --- The copy ------------------------------------------------------------------


@dataclass
class Described:
    """One section of a person's copy: its rows as {column key: value}."""

    key: str
    title: str
    labels: dict[str, str]
    rows: list[dict[str, Any]]


def _read(row: Any, get: Getter) -> Any:
    if callable(get):
        return get(row)
    value = row
    for name in get.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value() if callable(value) else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _describe(section: Section, user: Any) -> Described:
    labels = {c.key: str(c.label) for c in section.columns}
    labels |= {p.key: str(p.label) for p in section.parts}
    rows = []
    for row in section.rows(user):
        item = {c.key: _read(row, c.get) for c in section.columns}
        for part in section.parts:
            children = getattr(row, part.relation).all()
            item[part.key] = [part.describe(child) for child in children]
        rows.append(item)
    return Described(section.key, str(section.title), labels, rows)


#: Field names never copied by the fallback: secrets and keys.
_SECRET = ("password", "secret", "token", "hash", "key", "code", "data")


def _fallback(relation: Relation, user: Any) -> Described:
    """A relation nobody registered: its rows, field by field, so the copy is
    complete even before someone writes its plain-words description."""
    model = relation.model
    shown = [
        f
        for f in model._meta.concrete_fields
        if not f.is_relation
        and not f.primary_key
        and not any(word in f.name for word in _SECRET)
    ]
    lookup = {relation.field: user}
    rows = [
        {f.name: getattr(row, f.name) for f in shown}
        for row in model._default_manager.filter(**lookup)
    ]
    return Described(
        f"{model._meta.label_lower}.{relation.field}",
        str(model._meta.verbose_name_plural).capitalize(),
        {f.name: str(f.verbose_name).capitalize() for f in shown},
        rows,
    )


def personal_data_sections(user: Any) -> list[Described]:
    """Every section of the person's copy, in the order of the walk: registered
    relations in plain words, unregistered ones field by field."""
    described: dict[str, Described] = {}
    for relation in person_relations():
        section = section_for(relation)
        if section is not None:
            if section.key not in described:
                described[section.key] = _describe(section, user)
        elif exclusion_for(relation) is None:
            found = _fallback(relation, user)
            described[found.key] = found
    return list(described.values())


def personal_data(user: Any) -> dict[str, Any]:
    """The person's copy as JSON-ready data: per section, its title, what each
    field means, and the rows."""
    return {
        d.key: {"title": d.title, "fields": d.labels, "rows": _jsonable(d.rows)}
        for d in personal_data_sections(user)
    }


def plain(value: Any) -> str:
    """A value from the copy as words for the page."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return "\n".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items())
    return str(value)


def personal_data_page(user: Any) -> list[dict[str, Any]]:
    """The copy for the page: per section, its title and rows as (label, words)."""
    return [
        {
            "key": d.key,
            "title": d.title,
            "rows": [
                [(d.labels.get(k, k), plain(v)) for k, v in row.items()]
                for row in d.rows
            ],
        }
        for d in personal_data_sections(user)
    ]


# --- Erasure -------------------------------------------------------------------


def can_erase(user: User) -> bool:
    """Commissioning team members' actions are part of the public record: their
    admin removes them from the team first."""
    if user.is_staff or user.is_superuser:
        return False
    return not Membership.objects.filter(user=user, role__in=STAFF_ROLES).exists()


def _user_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is User
    ]


def _clear_history(user: User) -> None:
    """In every audit table: delete copies of the person's own rows and clear them
    as the author of changes."""
    for model in apps.get_models():
        if not _is_audit_history(model):
            continue
        for f in _user_fields(model):
            rows = model._default_manager.filter(**{f.attname: user.pk})
            if f.name == "history_user":
                rows.update(history_user=None)
            else:
                rows.delete()


def _erasure_of(relation: Relation) -> Erasure:
    section = section_for(relation)
    if section is not None:
        return section.erase
    excluded = exclusion_for(relation)
    return excluded.erase if excluded is not None else ON_DELETE


def _rows_of(relation: Relation, user: User) -> models.QuerySet[Any]:
    return relation.model._default_manager.filter(**{relation.field: user})


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Erase a citizen's account for good. Results they contributed to stay right.

    Walks the same relations as the copy of their data: each is erased as its
    app registered (anonymised, or left to the relation's ``on_delete`` when the
    account is deleted); any that is public record stops the erasure."""
    if not can_erase(user):
        raise ValidationError(
            _(
                "You are part of a commissioning team. Ask your organisation's admin "
                "to remove you from the team first."
            )
        )
    relations = [r for r in person_relations() if r.field]
    on_record = [
        r
        for r in relations
        if _erasure_of(r).kind == "refuse" and _rows_of(r, user).exists()
    ]
    if on_record:
        raise ValidationError(
            _(
                "You are named in the public record (for example as the person who "
                "made a decision). Ask your organisation's admin to help."
            )
        )
    for relation in relations:
        erasure = _erasure_of(relation)
        if erasure.kind == "anonymise":
            _rows_of(relation, user).update(**{relation.field: None, **erasure.replace})
    _clear_history(user)
    pk = user.pk
    user.delete()
    # Deleting cascades to tracked rows (memberships), whose audit rows name the
    # person; clear those too, before the transaction commits.
    user.pk = pk
    _clear_history(user)


def inactive_citizens(now: Any = None) -> list[User]:
    """Citizens (with no team role) who have not signed in for longer than every
    one of their organisations keeps personal data."""
    now = now or timezone.now()
    candidates = (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(memberships__role__in=STAFF_ROLES)
        .filter(memberships__role=Role.CITIZEN)
        .distinct()
        .prefetch_related("memberships__organisation")
    )
    stale = []
    for user in candidates.iterator(chunk_size=500):
        months = max(m.organisation.retention_months for m in user.memberships.all())
        last_seen = user.last_login or user.date_joined
        if last_seen < now - months * MONTH:
            stale.append(user)
    return stale


# --- The core's own relations ------------------------------------------------------


def register_core() -> None:
    """The account, e-mail addresses, two-step verification, memberships and the
    admin log: relations of the core and of the libraries it uses."""
    from allauth.account.models import EmailAddress, EmailConfirmation
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount, SocialToken
    from django.contrib.admin.models import LogEntry

    register(
        User,
        "",
        key="account",
        title=gettext_lazy("Your account"),
        columns=[
            ("email", gettext_lazy("E-mail"), "email"),
            ("name", gettext_lazy("Name"), "display_name"),
            ("language", gettext_lazy("Language"), "get_preferred_language_display"),
            ("joined", gettext_lazy("Joined"), "date_joined"),
            ("last_signed_in", gettext_lazy("Last signed in"), "last_login"),
        ],
    )
    register(
        EmailAddress,
        "user",
        key="email_addresses",
        title=gettext_lazy("Your e-mail addresses"),
        columns=[
            ("email", gettext_lazy("E-mail"), "email"),
            ("verified", gettext_lazy("Checked"), "verified"),
            ("primary", gettext_lazy("The one we use"), "primary"),
        ],
    )
    exclude(
        EmailConfirmation,
        "email_address",
        # Reached through an address, not a person: listed so the ownership check
        # knows it. It holds a one-time key, never shown; it goes with the address.
        reason="a one-time key to confirm an address, deleted with it",
    )
    register(
        Authenticator,
        "user",
        key="two_step_verification",
        title=gettext_lazy("Two-step verification"),
        # The secrets themselves (``data``) are never copied out.
        columns=[
            ("kind", gettext_lazy("Kind"), "get_type_display"),
            ("added", gettext_lazy("Added"), "created_at"),
            ("last_used", gettext_lazy("Last used"), "last_used_at"),
        ],
    )
    register(
        SocialAccount,
        "user",
        key="sign_on_accounts",
        title=gettext_lazy("Signing in with your organisation's account"),
        # What the organisation's provider told us at the last sign-in (its claims:
        # e-mail, name, groups) is the person's data too, so it is copied out whole.
        columns=[
            ("provider", gettext_lazy("Provider"), "provider"),
            ("id", gettext_lazy("Your id there"), "uid"),
            ("linked", gettext_lazy("Linked"), "date_joined"),
            ("last_used", gettext_lazy("Last used"), "last_login"),
            ("claims", gettext_lazy("What it told us"), "extra_data"),
        ],
    )
    exclude(
        SocialToken,
        "account",
        # Tokens are not stored (SOCIALACCOUNT_STORE_TOKENS is off); were one kept,
        # it is a secret, never shown, and goes with the account.
        reason="a provider's access token, a secret; not stored, deleted with it",
    )
    register(
        LogEntry,
        "user",
        key="admin_changes",
        title=gettext_lazy("Changes you made in the site admin"),
        owned=False,
        columns=[
            ("when", gettext_lazy("When"), "action_time"),
            ("what", gettext_lazy("What"), "object_repr"),
            ("change", gettext_lazy("Change"), lambda e: e.get_change_message()),
        ],
        order_by=("action_time",),
    )
    groups = User.groups.through
    permissions = User.user_permissions.through
    for table in (groups, permissions):
        exclude(
            table,
            "user",
            # Django's own permission groups: the product does not use them
            # (roles are memberships, listed in the copy).
            reason="Django permission groups, unused; roles are memberships",
        )
    register(
        Membership,
        "user",
        key="organisations",
        title=gettext_lazy("Organisations you belong to"),
        columns=[
            ("organisation", gettext_lazy("Organisation"), "organisation.name"),
            ("role", gettext_lazy("Role"), "get_role_display"),
            ("since", gettext_lazy("Since"), "created_at"),
        ],
        related=("organisation",),
    )
