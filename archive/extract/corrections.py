"""The user's corrections to extraction: aliases and ignored names, kept in entities.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from archive import layout
from archive.model import ENTITY_TYPES, Entity

FILENAME = layout.ENTITIES


@dataclass
class Corrections:
    """Aliases map a name as written (or as extracted) to the value to use instead;
    ignored names are never extracted. Both apply to people and outlets alike unless
    an alias says its type (person by default when the text is searched for it)."""

    aliases: dict[str, str] = field(default_factory=dict)
    alias_types: dict[str, str] = field(default_factory=dict)
    ignored: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, data: Path) -> Corrections:
        """Read entities.json in the data folder; no file means no corrections."""
        path = Path(data) / FILENAME
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        aliases = {a["from"]: a["to"] for a in raw.get("aliases", [])}
        types = {a["from"]: a.get("type", "person") for a in raw.get("aliases", [])}
        return cls(aliases, types, set(raw.get("ignored", [])))

    def save(self, data: Path) -> None:
        """Write entities.json atomically, sorted, so diffs of it read well."""
        raw = {
            "aliases": [{"from": k, "to": v, "type": self.alias_types.get(k, "person")}
                        for k, v in sorted(self.aliases.items())],
            "ignored": sorted(self.ignored),
        }
        path = Path(data) / FILENAME
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)

    def names(self) -> set[str]:
        """Every name a correction mentions, on either side."""
        return set(self.aliases) | set(self.aliases.values()) | self.ignored

    def apply(self, title: str, body: str, entities: list[Entity]) -> list[Entity]:
        """Return the entities with aliases applied, ignored ones dropped, alias mentions added."""
        out = []
        for e in entities:
            if e.type == "date":
                out.append(e)
                continue
            value = self.aliases.get(e.text, self.aliases.get(e.value, e.value))
            if value in self.ignored or e.text in self.ignored or e.value in self.ignored:
                continue
            out.append(Entity(e.type, value, e.text, e.start, e.end))
        spans = {(e.start, e.end) for e in out}
        for written, value in self.aliases.items():
            kind = self.alias_types.get(written, "person")
            if kind not in ENTITY_TYPES or value in self.ignored:
                continue
            for m in re.finditer(rf"(?<!\w){re.escape(written)}(?!\w)", body):
                if not any(s <= m.start() < e for s, e in spans):
                    out.append(Entity(kind, value, written, m.start(), m.end()))
        return out
