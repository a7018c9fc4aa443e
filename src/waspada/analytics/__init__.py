"""Framework-free statistics for early warning (docs/architecture.md): forecast features, models, backtests and
their scores. Plain Python, numpy and scikit-learn; no Django, no other waspada module but the foundation, so it
runs and is tested on its own and the alerts app hands it plain arrays."""
