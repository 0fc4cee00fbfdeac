"""`rasa run` with the auth token taken from the environment (STAJ_INTERNAL_SECRET), not
from the command line, where every local user could read it in the process list.

    python -m nlu.serve [rasa run options]
"""

from __future__ import annotations

import os
import sys

from rasa.__main__ import main

if __name__ == "__main__":
    # One argument with "=": a secret that begins with "-" (token_urlsafe makes one in 64)
    # would otherwise be read as an option and rasa would refuse to start.
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={os.environ['STAJ_INTERNAL_SECRET']}"]
    main()
