"""Staj Asistanı's shared core: domain rules, the FAQ knowledge base and the store.

Imported by bot/, actions/ and stajbot/. The subpackage ``staj.text`` uses only the
standard library so that the Rasa environment (Python 3.10) can import it too.
"""
