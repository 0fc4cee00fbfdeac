"""Rasa custom actions (rasa-sdk). Each module holds the actions of one concern; the rules
and facts they use come from the shared ``staj`` package and data/."""
