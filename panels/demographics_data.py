"""Census-style default categories for a new organisation.

Population shares are rounded approximations of the 2021 Census for England and
Wales (usual residents aged 16 and over), from the Office for National Statistics,
published under the Open Government Licence v3.0. They are starting points only:
admins should replace them with their own area's figures. "Area" has no default
values because wards differ everywhere.
"""

from __future__ import annotations

from typing import TypedDict


class CategorySpec(TypedDict):
    name: str
    question: str
    is_equalities: bool
    #: (label, population share in per cent)
    values: list[tuple[str, str]]


DEFAULT_CATEGORIES: list[CategorySpec] = [
    {
        "name": "Age band",
        "question": "How old are you?",
        "is_equalities": True,
        "values": [
            ("16 to 24", "12.9"),
            ("25 to 34", "16.3"),
            ("35 to 49", "23.5"),
            ("50 to 64", "23.4"),
            ("65 to 74", "12.3"),
            ("75 or over", "11.6"),
        ],
    },
    {
        "name": "Gender",
        "question": "What is your gender?",
        "is_equalities": True,
        "values": [
            ("Woman", "51.0"),
            ("Man", "48.5"),
            ("In another way", "0.5"),
        ],
    },
    {
        "name": "Ethnic group",
        "question": "What is your ethnic group?",
        "is_equalities": True,
        "values": [
            ("Asian or Asian British", "9.3"),
            ("Black, Black British, Caribbean or African", "4.0"),
            ("Mixed or multiple ethnic groups", "2.9"),
            ("White", "81.7"),
            ("Another ethnic group", "2.1"),
        ],
    },
    {
        "name": "Disability",
        "question": "Do health problems or a disability limit your day-to-day "
        "activities?",
        "is_equalities": True,
        "values": [
            ("Yes, a lot", "7.5"),
            ("Yes, a little", "10.3"),
            ("No", "82.2"),
        ],
    },
    {
        "name": "Caring responsibilities",
        "question": "Do you look after or support someone because of their health, "
        "disability or age, without being paid?",
        "is_equalities": True,
        "values": [("Yes", "8.9"), ("No", "91.1")],
    },
    {
        "name": "Area",
        "question": "Which ward or postcode district do you live in?",
        "is_equalities": False,
        "values": [],
    },
]
