"""Development tools: scripts a developer runs by hand, never imported by the app (`src/` may not import them).

- `python -m tools.generate_news --data-dir data`: regenerate the labelled election-news sets the
  event model trains and is evaluated on (`src/waspada/nlp/eval_data/news_{train,eval}.jsonl`).
"""
