"""The career office's web panel: FAQ editing, the inbox, retraining, the handoff queue,
figures and office data in a browser. A channel like bot/: it turns requests into the same
core services the Telegram flows use, and never talks to Telegram or SQL itself."""
