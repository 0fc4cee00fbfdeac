"""Telegram update handlers, one module per kind of update."""
