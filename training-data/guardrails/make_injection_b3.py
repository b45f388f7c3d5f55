"""Build batch 3 of injection_documents.jsonl from the drafts in injection_b3/*.txt.

Same draft format, channels and checks as batch 2 (see make_injection_b2.py, whose functions this
reuses); only the folder and the id range differ. Plain Python 3 stdlib, deterministic.
Usage:  python3 training-data/guardrails/make_injection_b3.py          (rewrite batch 3 in place)
        python3 training-data/guardrails/make_injection_b3.py --check  (only validate, print counts)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_injection_b2 as b2

DRAFTS = b2.HERE / "injection_b3"
FIRST_P, FIRST_N = b2.LAST_P + 1, b2.LAST_N + 1  # batch 2 ends at p0842 / n0815
LAST_P, LAST_N = 9999, 9999  # the last batch so far: its range runs to the end

if __name__ == "__main__":
    b2.main(DRAFTS, FIRST_P, FIRST_N, (LAST_P, LAST_N), name="batch 3")
