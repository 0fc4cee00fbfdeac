"""The dialogue engine (Rasa) as the other parts reach it: an HTTP client and its replies."""
