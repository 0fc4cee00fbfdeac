"""The `stajbot` command: trains the model and starts, supervises and stops the parts
(Rasa server, action server, Telegram bot or terminal chat)."""
