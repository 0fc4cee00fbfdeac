"""Domain rules as plain functions over data (data/rules/): eligibility, working days,
deadlines and the application checklist. No Rasa, no Telegram, no database here."""
