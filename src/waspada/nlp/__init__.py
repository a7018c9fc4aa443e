"""Framework-free language tools: normalisation, place gazetteer and resolution (no Django)."""
