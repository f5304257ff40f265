"""Which previous-boundary seat(s) a 2024 seat continues.

Derived rules, in order (the first that finds exactly one seat wins):

1. ``same name`` -- the name is unchanged (ignoring case, punctuation, ``&``);
2. ``same words`` -- the same words in another order
   ("Southend East and Rochford" <- "Rochford and Southend East");
3. ``name plus a place`` -- the old name with a place added after "and"
   ("Southend West and Leigh" <- "Southend West").

A newsroom's ``predecessors:`` entries in the context file add to or override these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newsgen.baselines.names import normalise, tokens, unbracketed


class OldSeats:
    """The previous election's seat names, normalised once for repeated look-ups."""

    def __init__(self, old_names: Iterable[str]) -> None:
        self.names = list(old_names)
        # "Richmond (Yorks)" (2019) is found as "Richmond" by "Richmond and Northallerton" (2024)
        self.keys = [(name, normalise(unbracketed(name)), tokens(name)) for name in self.names]

    def derive(self, new_name: str) -> tuple[str, str] | None:
        """Return ``(old_name, rule)`` for a new seat name, or None when no rule finds one seat."""
        key = normalise(new_name)
        same = [o for o, k, _ in self.keys if k == key]
        if len(same) == 1:
            return same[0], "same name"
        words = tokens(new_name)
        reordered = [o for o, _, t in self.keys if t == words]
        if len(reordered) == 1:
            return reordered[0], "same words"
        if " and " in f" {key} ":
            added = [o for o, k, _ in self.keys if key.startswith(k + " and ")]
            if len(added) == 1:
                return added[0], "name plus a place"
        return None


def derive_predecessor(new_name: str, old_names: Iterable[str] | OldSeats) -> tuple[str, str] | None:
    """Return ``(old_name, rule)`` for a new seat name, or None when no rule finds one seat."""
    olds = old_names if isinstance(old_names, OldSeats) else OldSeats(old_names)
    return olds.derive(new_name)


def predecessor_map(
    new_names: Iterable[str], old_names: Iterable[str], overrides: Mapping[str, list[str]] | None = None
) -> dict[str, tuple[list[str], str]]:
    """Map each new seat name to ``(old names, rule)``; seats with no predecessor are left out."""
    olds = OldSeats(old_names)
    by_key = {k: o for o, k, _ in olds.keys}
    out: dict[str, tuple[list[str], str]] = {}
    override_keys = {normalise(k): v for k, v in (overrides or {}).items()}
    for name in new_names:
        chosen = override_keys.get(normalise(name))
        if chosen is not None:
            out[name] = ([by_key.get(normalise(o), o) for o in chosen], "newsroom file")
            continue
        found = derive_predecessor(name, olds)
        if found:
            out[name] = ([found[0]], found[1])
    return out
