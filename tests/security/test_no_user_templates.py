"""No text a person typed is ever compiled as a template, nor marked as safe HTML.

A scan of our own code (every ``.py`` file outside the virtualenv, and every HTML
template) for the ways runtime text becomes code:

- ``Template(text)``, ``engine.from_string(text)``: Django (or any) templates
  compiled from anything but a literal;
- crispy-forms layout objects that compile their text as a template with the
  page's whole context (``HTML``, the buttons, crispy's own ``Fieldset`` legend,
  the bootstrap objects), given anything but a literal; use
  ``cocommission.forms.Markup`` with ``format_html`` instead;
- ``mark_safe(text)`` / ``SafeString(text)`` on anything but a literal, and
  ``format_html`` whose format is not a literal;
- ``text.format(...)`` / ``format_map`` on anything but a literal (a typed
  ``{0.__class__}`` reads attributes);
- ``|safe``, ``|safeseq`` and ``{% autoescape off %}`` in HTML templates.

Each rule is itself tested on small examples below, so the scan cannot pass by
finding nothing.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "node_modules", "static", "var", ".git", "__pycache__"}

#: crispy-forms layout objects that run ``Template(str(text)).render(context)``
#: on some of their arguments.
CRISPY_COMPILING = {
    "crispy_forms.layout": {"HTML", "Button", "Submit", "Reset", "Hidden", "Fieldset"},
    "crispy_forms_gds.layout": {"HTML", "Button", "Submit"},
    "crispy_forms_gds.layout.content": {"HTML"},
    "crispy_forms_gds.layout.buttons": {"Button", "Submit"},
    "crispy_forms.bootstrap": {"*"},
}

#: ``|safe`` and friends allowed in HTML templates, with the reason. Only our copies
#: of the crispy templates, for markup the crispy code builds (attributes through
#: ``flatatt``, which escapes, and the already rendered fields).
TEMPLATE_ALLOWED = {
    ("templates/gds/layout/fieldset.html", "{{ fieldset.flat_attrs|safe }}"),
    ("templates/gds/layout/fieldset.html", "{{ fields|safe }}"),
    ("templates/gds/layout/button.html", "{{ input.flat_attrs|safe }}"),
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _literal(node: ast.AST) -> bool:
    """A string written in the code, or a translation of one (our own catalogue)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal(node.left) and _literal(node.right)
    if (
        isinstance(node, ast.Call)
        and _name(node.func) in {"_", "gettext", "gettext_lazy", "pgettext"}
        and node.args
    ):
        return all(_literal(a) for a in node.args)
    return False


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _crispy_names(tree: ast.Module) -> dict[str, str]:
    """Local names bound to compiling crispy objects, and module aliases."""
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            compiling = CRISPY_COMPILING.get(node.module)
            for alias in node.names:
                local = alias.asname or alias.name
                if compiling is not None and (
                    alias.name in compiling or "*" in compiling
                ):
                    bound[local] = f"{node.module}.{alias.name}"
                full = f"{node.module}.{alias.name}"
                if full in CRISPY_COMPILING:
                    bound[local + "."] = full
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in CRISPY_COMPILING:
                    bound[(alias.asname or alias.name) + "."] = alias.name
    return bound


def _crispy_call(node: ast.Call, bound: dict[str, str]) -> str | None:
    func = node.func
    if isinstance(func, ast.Name) and func.id in bound:
        return bound[func.id]
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in bound
    ):
        # A class method making the object, such as HTML.details(title, text).
        return f"{bound[func.value.id]}.{func.attr}"
    if isinstance(func, ast.Attribute):
        owner = ast.unparse(func.value) + "."
        module = bound.get(owner)
        if module is not None:
            compiling = CRISPY_COMPILING[module]
            if func.attr in compiling or "*" in compiling:
                return f"{module}.{func.attr}"
    return None


def scan_python(source: str, path: str = "<code>") -> list[Finding]:
    tree = ast.parse(source)
    bound = _crispy_names(tree)
    found: list[Finding] = []

    def add(node: ast.AST, what: str) -> None:
        found.append(Finding(path, getattr(node, "lineno", 0), what))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        args = list(node.args) + [k.value for k in node.keywords]
        crispy = _crispy_call(node, bound)
        if crispy is not None:
            if not all(_literal(a) for a in args):
                add(node, f"{crispy}() compiles runtime text as a template")
            continue
        if name == "Template" and not (node.args and _literal(node.args[0])):
            add(node, "Template() on runtime text")
        elif name == "from_string" and not (node.args and _literal(node.args[0])):
            add(node, ".from_string() on runtime text")
        elif name in {"mark_safe", "SafeString"} and not all(
            _literal(a) for a in node.args
        ):
            add(node, f"{name}() on runtime text")
        elif name == "format_html" and not (node.args and _literal(node.args[0])):
            add(node, "format_html() with a format that is not a literal")
        elif (
            name in {"format", "format_map"}
            and isinstance(node.func, ast.Attribute)
            and not _literal(node.func.value)
        ):
            add(node, f".{name}() on runtime text")
    return found


SAFE_IN_TEMPLATE = re.compile(
    r"{{[^}]*\|\s*safe(seq)?\b[^}]*}}|{%\s*autoescape\s+off\s*%}|{%\s*filter[^%]*\bsafe"
)


def scan_template(text: str, path: str = "<template>") -> list[Finding]:
    found = []
    for match in SAFE_IN_TEMPLATE.finditer(text):
        if (path, match.group(0)) in TEMPLATE_ALLOWED:
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append(Finding(path, line, f"{match.group(0)} turns escaping off"))
    return found


def _files(suffix: str) -> list[Path]:
    files = []
    for path in ROOT.rglob(f"*{suffix}"):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIP_DIRS:
            files.append(path)
    return sorted(files)


def test_no_python_compiles_or_trusts_runtime_text() -> None:
    """None of our Python compiles runtime text as a template or marks it safe."""
    files = _files(".py")
    assert len(files) > 100
    found = [
        finding
        for path in files
        for finding in scan_python(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert found == []


def test_no_html_template_turns_escaping_off() -> None:
    """No HTML template prints with |safe or turns autoescaping off (plain-text
    e-mail templates, ``.txt``, may: nothing in them is read as HTML)."""
    files = [p for p in _files(".html") if "templates" in p.parts]
    assert len(files) > 50
    found = [
        finding
        for path in files
        for finding in scan_template(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert found == []
    seen = {
        (str(p.relative_to(ROOT)), m.group(0))
        for p in files
        for m in SAFE_IN_TEMPLATE.finditer(p.read_text())
    }
    assert seen == TEMPLATE_ALLOWED, "the allow list names only what is there"


@pytest.mark.parametrize(
    "source",
    [
        "from crispy_forms_gds.layout import HTML\nHTML(f'<p>{hint}</p>')",
        "from crispy_forms_gds.layout import HTML as H\nH(text)",
        "from crispy_forms.layout import HTML\nHTML('<p>' + hint + '</p>')",
        "import crispy_forms.layout as L\nL.HTML(text)",
        "from crispy_forms import layout\nlayout.HTML(text)",
        "from crispy_forms.layout import Fieldset\nFieldset(question.text, 'a')",
        "from crispy_forms_gds.layout import Submit\nSubmit('go', label)",
        "from crispy_forms.bootstrap import Alert\nAlert(content=text)",
        "from crispy_forms_gds.layout import HTML\nHTML.details(title, text)",
        "from crispy_forms.bootstrap import StrictButton\nStrictButton(label)",
        "from django.template import Template\nTemplate(text).render(c)",
        "import django.template\ndjango.template.Template(s)",
        "engines['django'].from_string(text)",
        "Engine.get_default().from_string(row.body)",
        "mark_safe(text)",
        "SafeString(f'<b>{name}</b>')",
        "format_html(text, 1)",
        "format_html(f'<b>{name}</b>')",
        "message.format(user=user)",
        "text.format_map(values)",
    ],
)
def test_the_scan_finds_each_way_in(source: str) -> None:
    assert len(scan_python(source)) == 1, source


@pytest.mark.parametrize(
    "source",
    [
        "from weasyprint import HTML\nHTML(string=html).write_pdf()",
        "from crispy_forms_gds.layout import Fieldset\nFieldset(*names, legend=x)",
        "from crispy_forms_gds.layout import HTML\nHTML('<hr>')",
        "from crispy_forms_gds.layout import Submit\nSubmit('go', _('Save'))",
        "from cocommission.forms import Markup\nMarkup(format_html('<p>{}</p>', t))",
        "engines['django'].from_string('{% load crispy_forms_tags %}')",
        "mark_safe('<br>')",
        "format_html('<p>{}</p>', text)",
        "'{} of {}'.format(a, b)",
    ],
)
def test_the_scan_lets_literals_through(source: str) -> None:
    assert scan_python(source) == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("<p>{{ hint|safe }}</p>", 1),
        ("{{ rows|safeseq|join:', ' }}", 1),
        ("{% autoescape off %}{{ x }}{% endautoescape %}", 1),
        ("{% filter safe %}{{ x }}{% endfilter %}", 1),
        ("<p>{{ hint }} {{ safe_word }} {{ body|linebreaks }}</p>", 0),
    ],
)
def test_the_template_scan_finds_escaping_turned_off(text: str, count: int) -> None:
    assert len(scan_template(text)) == count
