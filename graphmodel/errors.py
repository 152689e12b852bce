"""Errors and the repair ledger shared by every reader.

A reader either raises :class:`InputError` (strict mode) or records the problem in a
:class:`Ledger` (``lenient=True``), so that nothing is dropped or repaired without being counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


class GraphmodelError(Exception):
    """Base class for errors the command line reports without a traceback."""


class InputError(GraphmodelError):
    """Bad input: names the file, the line (or record) and the offending value."""

    def __init__(
        self, message: str, file: str | None = None, line: int | None = None, value=None, kind: str | None = None
    ):
        self.file, self.line, self.value, self.message = file, line, value, message
        #: The class of problem, the key lenient mode counts it under (default: the message).
        self.kind = kind or message
        where = ""
        if file is not None:
            where = f"{file}"
            if line is not None:
                where += f":{line}"
            where += ": "
        if isinstance(value, str) and len(value) > 80:
            value = value[:77] + "..."
        shown = f" (value: {value!r})" if value is not None else ""
        super().__init__(f"{where}{message}{shown}")


@dataclass
class Ledger:
    """Counts what a reader or the build repaired, dropped or flagged, with examples.

    ``lenient=False`` makes :meth:`problem` raise instead of counting, which is the default for
    user-supplied files: an unknown code should stop an import, not vanish.
    """

    lenient: bool = False
    counts: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)

    def note(self, kind: str, example: str | None = None, n: int = 1) -> None:
        """Count a repair or drop that the rules explain (never raises)."""
        self.counts[kind] += n
        if example is not None:
            self.examples.setdefault(kind, [])
            if len(self.examples[kind]) < 5:
                self.examples[kind].append(example)

    def problem(self, kind: str, error: InputError) -> None:
        """A bad value: raise in strict mode, count it in lenient mode."""
        if not self.lenient:
            raise error
        self.note(kind, str(error))

    def merge(self, other: Ledger) -> None:
        for kind, n in other.counts.items():
            self.counts[kind] += n
            for ex in other.examples.get(kind, []):
                self.note(kind, ex, n=0)

    def lines(self) -> list[str]:
        out = []
        for kind in sorted(self.counts):
            ex = self.examples.get(kind)
            out.append(f"{kind}: {self.counts[kind]}" + (f"  e.g. {ex[0]}" if ex else ""))
        return out
