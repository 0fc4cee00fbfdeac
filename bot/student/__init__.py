"""What students do: talk to the assistant (through Rasa), link their record, get reminders."""
