"""Tests of the analytics, plots, page and notebooks (issue 7)."""
