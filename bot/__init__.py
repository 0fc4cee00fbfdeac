"""The Telegram side of Staj Asistanı (python-telegram-bot 22). It knows Telegram, not rules:
student messages go to Rasa (student/conversation.py) and workflows to the core services
(staj.services); app.py wires every handler in one place."""
