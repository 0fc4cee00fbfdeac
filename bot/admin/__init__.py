"""Admins: the knowledge base (entries, the inbox of unanswered questions, retraining) and
the office (roles, statistics)."""
