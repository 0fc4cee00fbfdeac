"""Workflows: each operation one unit of work over the store and the domain, returning a
typed outcome that the channel, the actions or the command line render."""
