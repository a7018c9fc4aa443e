"""Incident record: report, verify, escalate and follow up every early-detection finding."""
