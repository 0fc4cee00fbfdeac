"""The model lifecycle: training, evaluation on the held-out set, gated retraining."""
