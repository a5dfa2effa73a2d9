"""Recognising department names in a plan's responsibility fields.

Department names may hold commas and "og" ("By, Erhverv og Miljø", "Skoler, Institutioner
og Kultur"), the very characters that separate contributors ("A, B samt C"). So a list is
not split on commas first: it is read from the left, and at each point the longest known
name that starts there wins (case and whitespace folded). Known names are, in this order,
the departments in Milepæl and the other names they go by (`DepartmentAlias`), then the
names the same plan uses — every responsible department, and the contributor lists that
stand in a paragraph of their own.

A name never seen stays as written: the writer shows it in the preview as a new
department, to create or to map to an existing one (nothing creates one silently).
"""

import html
import re
from collections.abc import Iterable, Mapping

from milepael.core.richtext import fold_whitespace

from .parsed import ContributorField, ParsedInitiative, ParsedPlan
from .rich_cells import tidy_rich_text

# What separates two names in "A, B samt C" / "A og B".
SEPARATOR_RE = re.compile(r"^(?:,\s*|\s+samt\s+|\s+og\s+|\s*&\s*)")
# Small words inside a department's name ("Center for Børn og Familie"), and the words that
# separate two names ("og" only when a known name follows it).
NAME_WORDS = {"og", "for", "i", "til", "af", "&"}
SEPARATOR_WORDS = {"samt", "&"}
MAX_UNKNOWN_NAME_WORDS = 6


def fold(name: str) -> str:
    """A name as compared: whitespace folded, lower case, no closing full stop."""
    return fold_whitespace(name).lower().rstrip(".").rstrip()


class DepartmentNames:
    """The department names a plan's text is read against, each with the spelling to store."""

    def __init__(self, names: Iterable[str] = (), aliases: Mapping[str, str] | None = None):
        self._canonical: dict[str, str] = {}
        self._longest_first: list[str] | None = None
        for name in names:
            self.add(name)
        for alias, name in (aliases or {}).items():
            self.add(alias, as_name=name)

    def copy(self) -> "DepartmentNames":
        other = DepartmentNames()
        other._canonical = dict(self._canonical)
        return other

    def add(self, name: str, *, as_name: str | None = None) -> None:
        """Know `name` (stored as `as_name`, for another name of a department); the first spelling stays."""
        key = fold(name)
        if key and key not in self._canonical:
            self._canonical[key] = as_name or fold_whitespace(name)
            self._longest_first = None

    def is_known(self, name: str) -> bool:
        return fold(name) in self._canonical

    def canonical(self, name: str) -> str:
        """The stored spelling of `name` when known, else `name` with its whitespace folded."""
        return self._canonical.get(fold(name), fold_whitespace(name))

    def match_start(self, text: str) -> tuple[str, str] | None:
        """(the department, the text after it) for the longest known name `text` starts with."""
        if self._longest_first is None:
            self._longest_first = sorted(self._canonical, key=len, reverse=True)
        lowered = text.lower()
        for key in self._longest_first:
            end = len(key)
            if lowered.startswith(key) and (len(text) == end or not text[end].isalnum()):
                if text[end : end + 1] == ".":
                    end += 1  # "… samt Ejendomme." ends the sentence
                return self._canonical[key], text[end:]
        return None

    def split_list(self, raw: str) -> list[str]:
        """'A, Skoler, Institutioner og Kultur samt B' → the departments it names.

        A piece that is no known name is a department when it reads like one (a short
        capitalised phrase); a sentence such as "De øvrige centre og sekretariater" names none."""
        names: list[str] = []
        rest = fold_whitespace(raw).rstrip(".")
        while rest:
            found = self.match_start(rest)
            if found is None:
                piece = re.split(r",\s*|\s+samt\s+", rest, maxsplit=1)[0]
                found = (self.canonical(piece), rest[len(piece) :])
            name, rest = found
            if self.is_known(name) or (name[:1].isupper() and len(name.split()) <= 4):
                names.append(name)
            rest = SEPARATOR_RE.sub("", rest, count=1).strip()
        return list(dict.fromkeys(names))

    def leading(self, raw: str) -> tuple[list[str], str]:
        """The departments at the start of run-on text ("Ejendomme samt Social og Sundhed
        Der skal …"), and the text after them (the start of the note).

        The first name must be known; after a separator a name never seen is taken as far as
        its capitalised words go (`_unknown_name`), so the list does not stop at it."""
        found = self.match_start(raw.lstrip())
        if found is None:
            return [], raw
        names: list[str] = []
        while found is not None:
            name, rest = found
            names.append(name)
            separator = SEPARATOR_RE.match(rest)
            if not separator:
                return names, rest
            after = rest[separator.end() :]
            found = self.match_start(after) or _unknown_name(after, self)
        return names, rest


def _unknown_name(text: str, names: "DepartmentNames") -> tuple[str, str] | None:
    """A department name never seen in run-on text, after a separator: its capitalised words
    (and the small words between them) up to the next separator — short of the word that
    starts the sentence after it ("Center for Kultur Frasalg af areal": "Frasalg")."""
    words = text.split(" ")
    taken: list[str] = []
    sentence_follows = False
    for index, word in enumerate(words[: MAX_UNKNOWN_NAME_WORDS + 2]):
        rest = " ".join(words[index + 1 :])
        if word in SEPARATOR_WORDS or (word == "og" and names.match_start(rest) is not None):
            break
        if not (word[:1].isupper() or (taken and word in NAME_WORDS)):
            sentence_follows = bool(taken)
            break
        taken.append(word)
        if word.endswith((".", ",")):
            break
    if sentence_follows:
        while taken and taken[-1] in NAME_WORDS:
            taken.pop()
        if taken:
            taken.pop()  # "Social og Sundhed Der skal …": "Der" starts the next sentence
    while taken and taken[-1] in NAME_WORDS:
        taken.pop()
    if not taken or len(taken) > MAX_UNKNOWN_NAME_WORDS:
        return None
    name = " ".join(taken).rstrip(".,")
    return name, text[len(name) :]


def resolve_departments(plan: ParsedPlan, known: DepartmentNames | None = None) -> None:
    """Match every responsible department and contributor of `plan` against `known` (the
    departments in Milepæl), then against the plan's own names; set each initiative's
    contributors, their text as written and the implementation note."""
    names = known.copy() if known is not None else DepartmentNames()
    for initiative in plan.initiatives:
        initiative.responsible_department = names.canonical(initiative.responsible_department)
        names.add(initiative.responsible_department)
    # Lists in a paragraph of their own name departments that are never responsible (e.g.
    # Social og Sundhed); learn them before reading run-on text.
    for initiative in plan.initiatives:
        if initiative.contributor_field.own_paragraph:
            for name in names.split_list(initiative.contributor_field.raw):
                names.add(name)
    for initiative in plan.initiatives:
        _resolve_contributors(initiative, names)


def _resolve_contributors(initiative: ParsedInitiative, names: DepartmentNames) -> None:
    contributor_field: ContributorField = initiative.contributor_field
    raw = contributor_field.raw
    note_parts = list(contributor_field.note_paragraphs or [])
    if contributor_field.own_paragraph:
        initiative.contributors_text = raw
        initiative.contributors = names.split_list(raw)
    else:
        found, rest = names.leading(raw)
        initiative.contributors = list(dict.fromkeys(found))
        initiative.contributors_text = raw[: len(raw) - len(rest)].strip()
        if rest.strip():
            note_parts.insert(0, f"<p>{html.escape(rest.strip(), quote=False)}</p>")
    if contributor_field.note_paragraphs is not None:
        # The reader's note paragraphs are in the canonical shape already; only run-on text joins them.
        joined = "".join(note_parts)
        initiative.implementation_note = joined if len(note_parts) <= 1 else tidy_rich_text(joined)
