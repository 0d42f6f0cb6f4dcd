"""QR codes for printed code cards and paper surveys, as SVG (no image library).

The ``qrcode`` package works out the modules; the SVG is one path of
horizontal runs, which is small and quick, as a batch of cards may hold 2,000.
A fixed mask and the smallest version that fits (found once for a batch of
links of one length) avoid the package trying each of them for every code."""

from __future__ import annotations

import base64
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

#: Modules of white space around the code, as the standard asks.
QUIET = 4
MASK = 2


@lru_cache(maxsize=64)
def _version(length: int) -> int:
    """The smallest version that holds a link of ``length`` characters."""
    probe = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET)
    probe.add_data("x" * length)
    probe.make(fit=True)
    return int(probe.version)


def qr_svg(link: str) -> str:
    """The QR code of ``link`` as an SVG document."""
    code = qrcode.QRCode(
        version=_version(len(link.encode())),
        error_correction=ERROR_CORRECT_M,
        border=QUIET,
        mask_pattern=MASK,
    )
    code.add_data(link)
    code.make(fit=False)
    matrix = code.get_matrix()
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" '
        f'fill="#fff"/><path d="{"".join(runs)}" fill="#000"/></svg>'
    )


def qr_data_uri(link: str) -> str:
    """The QR code of ``link`` as a ``data:`` address for an ``<img>``, which
    carries its text alternative in ``alt`` (on screen and in tagged PDFs)."""
    svg = base64.b64encode(qr_svg(link).encode()).decode()
    return f"data:image/svg+xml;base64,{svg}"
