"""Text conditions compiled once: contains, equals or a regular expression, refused when it could run away.

Python's `re` backtracks, so a pattern such as `(a+)+$` or `\\s*\\s*\\s*x` takes exponential or
high-polynomial time on the wrong text (three adjacent `\\s*` took 15 s on 500 spaces here), and
rules run on every imported row and on every record of `applyRules`. Instead of a timeout (the
`regex` module's costs a dependency and still burns the timeout per row; RE2's Python binding took
6.6 µs per search against 0.47 µs for `re`), a pattern is checked once, when the rule is saved:

- at most MAX_PATTERN_LENGTH characters, no back-references or conditional groups;
- no repetition or alternation inside a repeated group (the exponential cases);
- the repetitions together may split a text in at most MAX_REPETITION_SPLITS ways, an unbounded
  one counting as the longest text a rule reads: in practice one `.*` or `\\s+`, plus short
  bounded ones like `\\s{1,3}` (fixed counts such as `[0-9]{4}` are free).

The worst text for an accepted pattern then costs about a millisecond (tests/rules/test_patterns.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeAlias, cast

# The parsed form is the only way to see a pattern's structure. typeshed types re's parser under its
# deprecated public names only; importing those warns at run time, so the run uses the same modules
# under their private names.
if TYPE_CHECKING:
    import sre_constants
    import sre_parse as sre_parser
else:
    import re._constants as sre_constants
    import re._parser as sre_parser

from api.errors import InvalidInput
from api.rules.models import TextMatch

MAX_PATTERN_LENGTH = 200
LONGEST_TEXT = 500  # a record's description; payees are shorter
MAX_REPETITION_SPLITS = LONGEST_TEXT * 10
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT}
_REFUSED: dict[int, str] = {
    sre_constants.GROUPREF: "back-references are not supported",
    sre_constants.GROUPREF_EXISTS: "conditional groups are not supported",
}

# The parser tags each node with an op code; the code fixes the shape of its argument.
_Repeat: TypeAlias = tuple[int, int, sre_parser.SubPattern]  # low, high, body
_Subpattern: TypeAlias = tuple[int | None, int, int, sre_parser.SubPattern]  # group, flags on, off, body
_Branch: TypeAlias = tuple[None, list[sre_parser.SubPattern]]
_Assertion: TypeAlias = tuple[int, sre_parser.SubPattern]  # direction, body

TextTest = Callable[[str, str], bool]
"""Whether a text holds, given as written and casefolded (computed once per row for every rule)."""


def text_test(match: TextMatch, pattern: str, case_sensitive: bool) -> TextTest:
    """The compiled condition; the pattern was checked by `check_pattern` when the rule was saved."""
    if match is TextMatch.REGEX:
        search = re.compile(pattern, 0 if case_sensitive else re.IGNORECASE).search
        return lambda text, folded: search(text) is not None
    if case_sensitive:
        if match is TextMatch.EQUALS:
            return lambda text, folded: text == pattern
        return lambda text, folded: pattern in text
    needle = pattern.casefold()
    if match is TextMatch.EQUALS:
        return lambda text, folded: folded == needle
    return lambda text, folded: needle in folded


def check_pattern(match: TextMatch, pattern: str, field: str) -> str:
    """The pattern, trimmed of nothing (spaces may matter); InvalidInput naming `field` when refused."""
    if not pattern:
        raise InvalidInput(field, "must not be empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise InvalidInput(field, f"at most {MAX_PATTERN_LENGTH} characters")
    if match is TextMatch.REGEX:
        try:
            parsed = sre_parser.parse(pattern)
        except re.error as error:
            raise InvalidInput(field, f"not a valid regular expression: {error}") from None
        reason = _runaway_reason(parsed)
        if reason is not None:
            raise InvalidInput(field, reason)
    return pattern


def _runaway_reason(pattern: sre_parser.SubPattern) -> str | None:
    """Why the parsed pattern could backtrack without bound, or None when it cannot."""
    splits = 1
    for op, argument in _walk(pattern):
        if op in _REFUSED:
            return _REFUSED[op]
        if op not in _REPEATS:
            continue
        low, high, body = cast(_Repeat, argument)
        if any(inner in _REPEATS or inner is sre_constants.BRANCH for inner, _ in _walk(body)):
            return "a repeated group may not contain another repetition or alternatives (exponential time)"
        splits *= min(high, LONGEST_TEXT) - low + 1
    if splits > MAX_REPETITION_SPLITS:
        return ("at most one open-ended repetition such as .* or \\s+ (bound the others, e.g. \\s{1,3}): "
                "more can take seconds on one text")
    return None


def _walk(pattern: sre_parser.SubPattern) -> Iterator[tuple[int, object]]:
    """Every repetition, alternation and refused construct, at any depth (repeated bodies too)."""
    for op, argument in pattern.data:
        if op in _REPEATS:
            yield op, argument
            yield from _walk(cast(_Repeat, argument)[2])
        elif op in _REFUSED:
            yield op, argument
        elif op is sre_constants.SUBPATTERN:
            yield from _walk(cast(_Subpattern, argument)[3])
        elif op is sre_constants.BRANCH:
            yield op, argument
            for alternative in cast(_Branch, argument)[1]:
                yield from _walk(alternative)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            yield from _walk(cast(_Assertion, argument)[1])
        elif op is sre_constants.ATOMIC_GROUP:
            yield from _walk(cast(sre_parser.SubPattern, argument))
