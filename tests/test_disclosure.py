"""The disclosure rule on its own: what it hides for a few small tables."""

from __future__ import annotations

from cocommission.disclosure import Figures, State, label, narrowed, protect


def _line(cells: list[int], *, total_fixed: bool = True) -> list[State]:
    figures = Figures()
    ids = [figures.add(n) for n in cells]
    total = figures.add(sum(cells), total=True)
    if total_fixed:
        figures.fixed[total] = State.SHOWN
    figures.tie(total, ids)
    states = protect(figures)
    assert not narrowed(figures, states)
    return states[:-1]


def test_a_lone_small_group_beside_a_total_takes_another_with_it() -> None:
    """ "No: 15 of 16" beside "Not given: fewer than 5" would give the 1 away, so
    the 15 is hidden too."""
    assert _line([15, 1]) == [State.HIDDEN, State.SMALL]


def test_two_small_groups_that_the_total_would_force_are_protected() -> None:
    """10 of 12 shown beside two groups under 5 forces both to 1: something more
    is hidden."""
    states = _line([10, 1, 1])
    assert states[1] is not State.SHOWN and states[2] is not State.SHOWN
    assert states[0] is State.HIDDEN


def test_groups_that_cover_the_band_between_them_stay_as_they_are() -> None:
    """40, 30, 2 and 3 of 75: the 2 and 3 make 5 together, so each could be
    anything from 1 to 4; nothing else is hidden."""
    assert _line([40, 30, 2, 3]) == [
        State.SHOWN,
        State.SHOWN,
        State.SMALL,
        State.SMALL,
    ]


def test_a_zero_next_to_hidden_groups_can_be_hidden_too() -> None:
    """Everything is hidden or the total pins the small groups."""
    states = _line([2, 2, 1, 0])
    assert all(s is not State.SHOWN for s in states[:3])


def test_labels() -> None:
    assert label(0, State.SHOWN) == "0"
    assert label(3, State.SMALL) == "fewer than 5"
    assert label(12, State.HIDDEN) == "hidden"
