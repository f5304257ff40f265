"""How newsgen rounds the figures it publishes as data: the JSON story and ``newsgen facts``.

Every number newsgen writes that is not a whole number is a percentage (a share of the vote,
a turnout, a majority as a share of the valid vote) or a difference of two percentages, in
points (a change in share or turnout, a swing). None is a count: votes, electorates,
majorities, seats and years are integers and are never rounded.

Percentages and points are written to :data:`PLACES` decimal places. That is the precision
at which the House of Commons Library publishes vote shares and share changes (fractions to
six places: 0.356392 is 35.6392 per cent), the finest of the sources newsgen reads (PA and
the notional 2019 results publish two places, council files and Democracy Club one), so a
figure a source published is written exactly as published, and a figure newsgen worked out
(a turnout from the counts) is written to the same precision. Stories print shares and
changes to one place and turnouts to two, so the data always holds the story's figure.

The verifier (:func:`newsgen.verify.values.matches`) reads a figure rounded this way as
standing for any value within :data:`HALF_UNIT` of it, so ``newsgen check`` gives the same
answer from a JSON story's published facts as from the unrounded ones.
"""

from __future__ import annotations

from typing import Any

__all__ = ["HALF_UNIT", "PLACES", "published"]

#: decimal places of every percentage and percentage-point figure newsgen publishes as data
PLACES = 4
#: how far a published figure may be from the value it was rounded from
HALF_UNIT = 0.5 * 10.0**-PLACES


def published(value: Any) -> Any:
    """``value`` (JSON-ready data: dicts, lists, tuples, strings, numbers) with every float
    rounded to :data:`PLACES` places; integers, booleans and text are left as they are.
    Tuples become lists, as JSON writes them. A fall smaller than the precision stays
    ``-0.0``: the sign says which way it went (a results table's change column prints it)."""
    kind = type(value)
    if kind is float:
        return round(value, PLACES)
    # leaves that need nothing are not passed to a call: a story's data is mostly text and integers
    if kind is dict:
        return {k: published(v) if type(v) in _VISIT else v for k, v in value.items()}
    if kind is list or kind is tuple:
        return [published(v) if type(v) in _VISIT else v for v in value]
    return value


#: the types :func:`published` changes or looks inside (exact types: JSON-ready data has no subclasses)
_VISIT = frozenset({float, dict, list, tuple})
