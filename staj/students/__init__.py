"""A student's own application: statuses, imports, link codes, the status view, reminders.

Pure domain logic; reading and writing the store is in staj.store.
"""
