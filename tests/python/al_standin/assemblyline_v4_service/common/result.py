"""STAND-IN for tests: result classes with the real constructors' shapes."""

import os

import yaml


class _StringTable:
    def __init__(self, names):
        for n in names:
            setattr(self, n, n)


BODY_FORMAT = _StringTable(["TEXT", "MEMORY_DUMP", "GRAPH_DATA", "URL", "JSON", "KEY_VALUE", "PROCESS_TREE",
                            "TABLE", "IMAGE", "MULTI", "ORDERED_KEY_VALUE", "TIMELINE"])


class InvalidHeuristicException(Exception):
    pass


def _heuristic_definitions():
    path = os.environ["AL_STANDIN_MANIFEST"]
    with open(path) as f:
        return {h["heur_id"]: h for h in yaml.safe_load(f)["heuristics"]}


class Heuristic:
    def __init__(self, heur_id, attack_id=None, signature=None, attack_ids=None, signatures=None, frequency=1,
                 score_map=None):
        defs = _heuristic_definitions()
        if heur_id not in defs:
            raise InvalidHeuristicException(f"heuristic {heur_id} is not in the service manifest")
        self._definition = defs[heur_id]
        self.heur_id = heur_id
        ids = list(attack_ids or [])
        if attack_id:
            ids.append(attack_id)
        if not ids:
            ids = list(self._definition.get("attack_id") or [])
        self.attack_ids = ids
        self.signatures = dict(signatures or {})
        if signature:
            self.signatures[signature] = self.signatures.get(signature, 0) + frequency
        self.frequency = 0 if self.signatures else frequency

    @property
    def score(self):
        base = self._definition["score"]
        if self.signatures:
            total = sum(base * f for f in self.signatures.values())
        else:
            total = base * (self.frequency or 1)
        cap = self._definition.get("max_score")
        return min(total, cap) if cap else total


class TableRow(dict):
    def __init__(self, *args, **kwargs):
        data = {}
        for a in args:
            data.update(a)
        data.update(kwargs)
        super().__init__(**data)


class ResultSection:
    def __init__(self, title_text, body=None, classification=None, body_format=BODY_FORMAT.TEXT, heuristic=None,
                 tags=None, parent=None, zeroize_on_tag_safe=False, auto_collapse=False, zeroize_on_sig_safe=True):
        self.title_text = title_text
        self.body = body
        self.body_format = body_format
        self.heuristic = heuristic
        self.tags = {k: list(v) for k, v in (tags or {}).items()}
        self.subsections = []
        self.parent = parent
        if parent is not None:
            parent.add_subsection(self)

    def add_tag(self, tag_type, value):
        vals = self.tags.setdefault(tag_type, [])
        if value not in vals:
            vals.append(value)

    def add_subsection(self, subsection, on_top=False):
        subsection.parent = self
        if on_top:
            self.subsections.insert(0, subsection)
        else:
            self.subsections.append(subsection)

    def add_line(self, text):
        self.body = text if not self.body else f"{self.body}\n{text}"


class ResultTableSection(ResultSection):
    def __init__(self, title_text, **kwargs):
        super().__init__(title_text, body=[], body_format=BODY_FORMAT.TABLE, **kwargs)

    def add_row(self, row):
        self.body.append(row)


class Result:
    def __init__(self, sections=None):
        self.sections = list(sections or [])

    def add_section(self, section, on_top=False):
        if on_top:
            self.sections.insert(0, section)
        else:
            self.sections.append(section)
