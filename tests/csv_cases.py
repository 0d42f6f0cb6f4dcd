"""Files that spreadsheets and people really upload, which used to break imports:
each with the message the import page must show instead, naming the line."""

from __future__ import annotations


def broken_files(header: bytes, row: bytes) -> list[tuple[str, bytes, str]]:
    """(name, file, message) for an import whose good file is ``header + row``."""
    return [
        (
            "nul",
            header + row + row.replace(b",", b"\x00,", 1),
            "Line 3 of the file has a hidden null character in it.",
        ),
        (
            "latin-1",
            header + row + row.replace(b",", "\u00e9,".encode("latin-1"), 1),
            "Line 3 of the file is not in UTF-8.",
        ),
        (
            "field over the csv module's limit",
            header + row + b'"' + b"x" * 200_000 + b'"' + row,
            "could not be read as CSV.",
        ),
    ]


def old_mac(header: bytes, row: bytes) -> bytes:
    """The same file with old Macs' line endings (a lone carriage return)."""
    return (header + row).replace(b"\n", b"\r")
