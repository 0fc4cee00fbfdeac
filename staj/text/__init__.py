"""Turkish text helpers shared by the NLU pipeline (Python 3.10) and the application."""

from staj.text.turkish import fold_turkish, tr_lower, tr_upper

__all__ = ["fold_turkish", "tr_lower", "tr_upper"]
