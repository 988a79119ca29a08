"""Screening: names one by one or in files (batch), and mentions in documents (articles)."""
