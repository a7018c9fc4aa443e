"""Ways in: bulk CSV/XLSX imports and the SMS/WhatsApp gateway webhook (issue 6)."""
