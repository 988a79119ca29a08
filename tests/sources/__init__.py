"""Tests of watchlist.sources, one module per reader."""
