"""Waspada: deteksi dini potensi konflik pemilu."""
