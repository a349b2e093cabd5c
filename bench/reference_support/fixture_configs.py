"""The module ../shared/reference/bench_reference.py imports as `fixture_configs`: the shared tiny
fixture's cases, read from its golden/cases.json (bench_reference.py takes its default prompt and
negative prompt from TINY["pipeline"]). bench/side_by_side.py puts this folder on PYTHONPATH."""
import json
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
_CASES = os.path.join(_HERE, "..", "..", "..", "shared", "fixtures", "tiny-i2vgen-xl", "golden",
                      "cases.json")

with open(os.environ.get("KINORA_FIXTURE_CASES", _CASES)) as _file:
    TINY = json.load(_file)
