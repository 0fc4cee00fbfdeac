"""`rasa run` with the auth token taken from the environment (STAJ_INTERNAL_SECRET), not
from the command line, where every local user could read it in the process list.

    python -m nlu.serve [rasa run options]
"""

from __future__ import annotations

import os
import sys

from rasa.__main__ import main

if __name__ == "__main__":
    sys.argv = ["rasa", "run", *sys.argv[1:], "--auth-token", os.environ["STAJ_INTERNAL_SECRET"]]
    main()
