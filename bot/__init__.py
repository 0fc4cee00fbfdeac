"""The Telegram side of Staj Asistanı (python-telegram-bot 22). It knows Telegram, not rules:
every student message goes to Rasa through bridge.py, and Rasa's replies come back here."""
