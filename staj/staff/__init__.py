"""The staff side: counselors' office hours and handoff wording (roles live in the store)."""
